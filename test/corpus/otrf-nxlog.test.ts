/**
 * Every record of the OTRF Security-Datasets' atomic Windows datasets (NXLog im_msvistalog JSON,
 * through Logstash), read from the zips in ../shared in place, is normalised as ingest does: none
 * may be rejected and every event must name its host. The zips that hold network captures only
 * (.cap, .pcapng) have no log records. About 30 s for 409k records (1 GB of JSON) on one core.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { prepareBatch } from "../../worker/ingest/prepare.ts";

const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus/otrf-atomic-windows");
/** After every event of the corpus (2019-2023), so no event is refused as dated ahead of its arrival. */
const RECEIVED_AT = Date.UTC(2026, 0, 1);
const BATCH = 2000;

interface Tally {
  records: number;
  rejected: { file: string; error: string }[];
  withoutHost: number;
  byChannel: Map<string, number>;
  bySource: Map<string, number>;
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function normaliseLines(lines: string[], file: string, tally: Tally): void {
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const { events, rejected } = prepareBatch(records, RECEIVED_AT);
  tally.records += records.length;
  for (const rejection of rejected) tally.rejected.push({ file, error: rejection.error });
  for (const { event } of events) {
    if (event.host === null) tally.withoutHost++;
    count(tally.bySource, event.source);
    count(tally.byChannel, String(event.fields.Channel));
  }
}

/** Some shippers write UTF-16 with a byte-order mark; the OTRF files are UTF-8. */
function decode(data: Uint8Array): string {
  return new TextDecoder(data[0] === 0xff && data[1] === 0xfe ? "utf-16le" : "utf-8").decode(data);
}

/** Each log file of a zip (the largest holds 88 MB of JSON), normalised in batches of lines. */
function readZip(path: string, tally: Tally): string[] {
  // macOS resource forks (__MACOSX/._x.json) are not logs.
  const files = unzipSync(readFileSync(path), {
    filter: (member) => member.name.endsWith(".json") && !member.name.startsWith("__MACOSX/"),
  });
  for (const [name, data] of Object.entries(files)) {
    const lines = decode(data)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    for (let i = 0; i < lines.length; i += BATCH) normaliseLines(lines.slice(i, i + BATCH), `${path}:${name}`, tally);
  }
  return Object.keys(files);
}

describe("OTRF Security-Datasets (NXLog JSON)", () => {
  it("stores every record of every dataset, none rejected, each with its host", { timeout: 180_000 }, () => {
    const zips = readdirSync(CORPUS).filter((name) => name.endsWith(".zip"));
    expect(zips.length).toBe(80);
    const tally: Tally = { records: 0, rejected: [], withoutHost: 0, byChannel: new Map(), bySource: new Map() };
    const logFiles = zips.flatMap((zip) => readZip(join(CORPUS, zip), tally));
    const channels = Object.fromEntries([...tally.byChannel].sort((a, b) => b[1] - a[1]));
    console.log(
      JSON.stringify({ zips: zips.length, logFiles: logFiles.length, records: tally.records, channels }, null, 1),
    );
    expect(tally.rejected.slice(0, 5)).toEqual([]);
    expect(tally.withoutHost).toBe(0);
    expect(Object.fromEntries(tally.bySource)).toEqual({ nxlog: tally.records });
    expect(logFiles.length).toBe(60);
    expect(tally.records).toBe(408_777);
  });
});
