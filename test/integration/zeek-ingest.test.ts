/**
 * Zeek's own logs through POST /api/v1/ingest and back through the events search on the real
 * local D1: the JSON writer's per-log files (no `_path`) and a TSV log posted as text, both from
 * Zeek's documentation and test baselines (test/fixtures/zeek/README.md).
 */
import { beforeEach, describe, expect, it } from "vitest";
import wfetchConn from "../fixtures/zeek/docs-wfetch/conn.log?raw";
import wfetchFiles from "../fixtures/zeek/docs-wfetch/files.log?raw";
import wfetchHttp from "../fixtures/zeek/docs-wfetch/http.log?raw";
import httpLog from "../fixtures/zeek/http-pipelining.log?raw";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

/** The fixtures' traffic is from 2009 and 2020. */
const FROM = Date.UTC(2009, 0, 1);
const TO = Date.UTC(2021, 0, 1);

interface Page {
  events: { dataset: string; raw: Record<string, unknown> }[];
}

let admin: string;
let agent: string;

beforeEach(async () => {
  admin = await login();
  agent = (await agentToken(admin, "zeek-sensor")).token;
});

async function search(query: string): Promise<Page["events"]> {
  const res = await call<Page>(`/api/v1/events?from=${FROM}&to=${TO}&q=${encodeURIComponent(query)}`, {
    token: admin,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.events;
}

describe("Zeek logs through the Worker", () => {
  it("finds the download of an executable among Zeek's logs: event.dataset: zeek.http and url.extension", async () => {
    const perLogFiles = [wfetchConn, wfetchHttp, wfetchFiles].join("");
    const json = await ingest(agent, perLogFiles, { "content-type": "application/x-ndjson" });
    expect(json.body).toMatchObject({ accepted: 3, rejected: [] });
    const tsv = await ingest(agent, httpLog, { "content-type": "text/plain", "idempotency-key": "http-pipelining" });
    expect(tsv.body).toMatchObject({ batch_id: "http-pipelining", accepted: 5, rejected: [] });

    const found = await search("event.dataset: zeek.http and url.extension: exe");
    expect(found.map((event) => event.raw.uri)).toEqual([
      "/download/d/e/5/de5351d6-4463-4cc3-a27c-3e2274263c43/wfetch.exe",
    ]);
    expect(found[0]?.raw).toMatchObject({ _path: "http", host: "download.microsoft.com" });

    expect((await search("event.dataset: zeek.http and url.extension: png")).length).toBe(3);
    expect((await search("event.dataset: zeek.http")).length).toBe(6);
    expect((await search("event.dataset: zeek.files and file.mime_type: application/x-dosexec")).length).toBe(1);
    expect((await search("event.dataset: zeek.conn and network.protocol: http")).length).toBe(1);
  });

  it("takes a text/tab-separated-values body as Zeek TSV and refuses a malformed header, naming the line", async () => {
    const tsv = await ingest(agent, httpLog, { "content-type": "text/tab-separated-values" });
    expect(tsv.body).toMatchObject({ accepted: 5 });
    const broken = httpLog.replace(/^#types.*$/m, "#types\ttime");
    const res = await ingest(agent, broken, { "content-type": "text/tab-separated-values" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: "Zeek TSV line 9: malformed Zeek TSV header: #fields names 27 fields but #types gives 1 types",
    });
  });
});
