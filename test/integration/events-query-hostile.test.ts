/**
 * Searches an attacker can shape, through GET /api/v1/events and /events/stats on the real local
 * D1: terms longer than SQLite's 50-byte LIKE pattern limit, a field a source keeps only in the raw
 * record, and a stored row D1's JSON functions cannot read.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const T0 = Date.parse("2026-11-23T08:00:00Z");
const FROM = T0 - 3_600_000;
const TO = T0 + 3_600_000;
const SYSMON = "Microsoft-Windows-Sysmon/Operational";

/** Text with no repeats, so a term cut from it is found at one place only. */
const LONG = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}`).join("-");

const RECORDS = [
  { Tag: "generic", dataset: "app.log", time: new Date(T0).toISOString(), CommandLine: "ping -n 100 x" },
  { Tag: "long", dataset: "app.log", time: new Date(T0 + 60_000).toISOString(), message: LONG },
  {
    Tag: "sysmon",
    Channel: SYSMON,
    EventID: 1,
    Computer: "WS01",
    UtcTime: new Date(T0 + 120_000).toISOString().replace("T", " ").replace("Z", ""),
    Image: "C:\\Windows\\System32\\PING.EXE",
    CommandLine: "ping -n 100 y",
  },
];

interface Page {
  events: { raw: { Tag?: string } }[];
}

let admin: string;

beforeEach(async () => {
  admin = await login();
  const agent = await agentToken(admin, "loader");
  const res = await ingest(agent.token, JSON.stringify(RECORDS));
  expect(res.body.accepted).toBe(RECORDS.length);
});

async function search(query: string) {
  return call<Page & { error?: string }>(`/api/v1/events?from=${FROM}&to=${TO}&q=${encodeURIComponent(query)}`, {
    token: admin,
  });
}

/** The tags of the events the query finds, newest first. */
async function tags(query: string): Promise<(string | undefined)[]> {
  const res = await search(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.events.map((event) => event.raw.Tag);
}

describe("long search terms", () => {
  const start = LONG.indexOf("-w2s-");
  const cut = (length: number) => LONG.slice(start, start + length);

  for (const length of [48, 49, 50, 200, 1_500]) {
    it(`finds a ${length}-character term as free text, in a field, anchored and upper-cased`, async () => {
      const term = cut(length);
      expect(await tags(term)).toEqual(["long"]);
      expect(await tags(`message:*${term}*`)).toEqual(["long"]);
      expect(await tags(`message:${LONG.slice(0, length)}*`)).toEqual(["long"]);
      expect(await tags(`message:*${LONG.slice(-length)}`)).toEqual(["long"]);
      expect(await tags(`message:*${term.toUpperCase()}*`)).toEqual(["long"]);
      expect(await tags(`message:"${LONG}"`)).toEqual(["long"]);
    });

    it(`finds nothing for a ${length}-character term that differs in its last character, or is not anchored`, async () => {
      const term = `${cut(length - 1)}#`;
      expect(await tags(term)).toEqual([]);
      expect(await tags(`message:*${term}*`)).toEqual([]);
      expect(await tags(`message:${cut(length)}*`)).toEqual([]);
      expect(await tags(`message:*${LONG.slice(0, length)}`)).toEqual([]);
    });
  }

  it("keeps the order of long pieces between wildcards", async () => {
    const first = LONG.slice(100, 160);
    const second = LONG.slice(900, 960);
    expect(await tags(`message:*${first}*${second}*`)).toEqual(["long"]);
    expect(await tags(`message:*${second}*${first}*`)).toEqual([]);
    expect(await tags(`message:${LONG.slice(0, 60)}*${second}*${LONG.slice(-60)}`)).toEqual(["long"]);
    expect(await tags(`message:${LONG.slice(0, 60)}*${LONG.slice(-60)}*${second}`)).toEqual([]);
  });

  it("reads % and _ in a long term literally", async () => {
    expect(await tags(`message:*${"%".repeat(60)}*`)).toEqual([]);
    expect(await tags(`${"_".repeat(60)}`)).toEqual([]);
  });

  it("counts the matches of a long term in the stats", async () => {
    const res = await call<{ total: number }>(
      `/api/v1/events/stats?from=${FROM}&to=${TO}&q=${encodeURIComponent(cut(300))}`,
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
  });
});

describe("a field a source keeps only in the raw record", () => {
  it("CommandLine wildcards and values match a generic event's raw CommandLine and the Sysmon column alike", async () => {
    expect(await tags("CommandLine:*100*")).toEqual(["sysmon", "generic"]);
    expect(await tags('CommandLine:"ping -n 100 x"')).toEqual(["generic"]);
    expect(await tags("process.command_line:ping*x")).toEqual(["generic"]);
    expect(await tags("CommandLine:*")).toEqual(["sysmon", "generic"]);
  });
});

describe("a stored row D1's JSON functions cannot read", () => {
  it("leaves every raw-field search, free text and the stats answering with the other rows", async () => {
    let deep = '"bottom"';
    for (let i = 0; i < 1_001; i++) deep = `{"deeper":${deep}}`;
    await env.DB.prepare(
      `INSERT INTO events (ts, received_at, host, source, dataset, raw, batch_id, batch_index)
       VALUES (?1, ?1, 'legacy', 'generic', 'app.log', ?2, 'legacy-batch', 0)`,
    )
      .bind(T0 + 30_000, `{"Tag":"deep","CommandLine":"ping -n 100 z","payload":${deep}}`)
      .run();

    expect(await tags("CommandLine:*100*")).toEqual(["sysmon", "generic"]);
    expect(await tags("message:*w2s*")).toEqual(["long"]);
    expect(await tags("Tag:long or CommandLine:*")).toEqual(["sysmon", "long", "generic"]);
    expect(await tags("not Tag:long and dataset:app.log")).toEqual(["deep", "generic"]);
    const stats = await call<{ total: number }>(
      `/api/v1/events/stats?from=${FROM}&to=${TO}&q=${encodeURIComponent("CommandLine:*100*")}`,
      { token: admin },
    );
    expect(stats.status).toBe(200);
    expect(stats.body.total).toBe(2);
  });
});
