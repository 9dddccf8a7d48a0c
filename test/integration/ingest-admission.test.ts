/**
 * Events ingest refuses by index while storing the rest of the batch: a record nested deeper than
 * the search can read back, and an event dated far ahead of its arrival.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_EVENT_DEPTH } from "../../worker/ingest/limits.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

let admin: string;
let agent: { id: string; token: string };

beforeEach(async () => {
  admin = await login();
  agent = await agentToken(admin, "WS01");
});

const HOUR = 3_600_000;

function appEvent(ts: number, extra: Record<string, unknown> = {}) {
  return { dataset: "app.log", time: new Date(ts).toISOString(), note: "run 100 times", ...extra };
}

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 1; i < depth; i++) value = { deeper: value };
  return value;
}

describe("ingest admission", () => {
  it("refuses an event nested 1,001 deep by index, and a raw-field search over its range still answers", async () => {
    const now = Date.now();
    const res = await ingest(
      agent.token,
      JSON.stringify([appEvent(now - HOUR), appEvent(now - HOUR, { payload: nested(1_001) })]),
    );
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { index: 1, error: `event nests objects or arrays more than ${MAX_EVENT_DEPTH} deep` },
    ]);

    const from = new Date(now - 2 * HOUR).toISOString();
    const search = await call(`/api/v1/events?from=${from}&q=${encodeURIComponent('note:"run 100 times"')}`, {
      token: admin,
    });
    expect(search.status).toBe(200);
    expect(search.body.events).toHaveLength(1);
  });

  it("stores an event nested to the limit", async () => {
    const res = await ingest(
      agent.token,
      JSON.stringify([appEvent(Date.now(), { payload: nested(MAX_EVENT_DEPTH - 1) })]),
    );
    expect(res.body).toMatchObject({ accepted: 1, rejected: [] });
  });

  it("refuses events dated more than a day ahead of their arrival, naming the time, and keeps clock skew", async () => {
    const now = Date.now();
    const res = await ingest(
      agent.token,
      JSON.stringify([
        appEvent(now + HOUR),
        { dataset: "app.log", time: "9999-12-31T00:00:00Z" },
        { dataset: "app.log", time: 1e16 },
      ]),
    );
    expect(res.body.accepted).toBe(1);
    const rejected: { index: number; error: string }[] = res.body.rejected;
    expect(rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(rejected[0]?.error).toMatch(
      /^event time 9999-12-31T00:00:00\.000Z is more than 24 hours after it was received/,
    );
    expect(rejected[1]?.error).toMatch(/^event time \S+ is more than 24 hours after it was received/);
  });
});
