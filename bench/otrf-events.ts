/**
 * A real Windows event mix for benchmarks: the records of the OTRF Security-Datasets atomic
 * Windows zips in ../shared (NXLog JSON of attack simulations, each with its host's background
 * noise), read in place and normalised by the ingest adapters. Records are taken round-robin across
 * the zips, so any prefix of the list (a first batch of 100) is a mix of hosts, channels and events.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { prepareBatch } from "../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../worker/model/event.ts";

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/otrf-atomic-windows");
/** After every event of the corpus (2019-2023), so none is refused as dated ahead of its arrival. */
const RECEIVED_AT = Date.UTC(2026, 0, 1);

function zipLines(path: string, limit: number): string[] {
  const files = unzipSync(readFileSync(path), {
    filter: (member) => member.name.endsWith(".json") && !member.name.startsWith("__MACOSX/"),
  });
  const lines: string[] = [];
  for (const data of Object.values(files)) {
    // Only the text of the lines taken is decoded: the largest file holds 88 MB of JSON.
    let end = 0;
    for (let found = 0; end < data.length && found < limit - lines.length; end++) if (data[end] === 0x0a) found++;
    for (const line of new TextDecoder().decode(data.subarray(0, end)).split("\n")) {
      if (line.trim() !== "") lines.push(line);
      if (lines.length >= limit) return lines;
    }
  }
  return lines;
}

/** Up to `perZip` records of each zip, interleaved, normalised; what the ingest rejects is left out. */
export function otrfEvents(perZip: number): NormalisedEvent[] {
  const zips = readdirSync(CORPUS)
    .filter((name) => name.endsWith(".zip"))
    .sort();
  const perFile = zips.map((name) => zipLines(join(CORPUS, name), perZip));
  const mixed: unknown[] = [];
  for (let i = 0; i < perZip; i++)
    for (const lines of perFile) if (i < lines.length) mixed.push(JSON.parse(lines[i] as string));
  return prepareBatch(mixed, RECEIVED_AT).events.map(({ event }) => event);
}
