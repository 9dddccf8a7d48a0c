/** The bugs the fuzz test found, each pinned by the smallest request that showed it. */
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import mixed from "../fixtures/batches/mixed.json";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

async function count(table: string): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<number>("n")) ?? 0;
}

it("refuses a batch of which no event can be taken with 400 and stores nothing, not even its id", async () => {
  const { token } = await agentToken(await login());
  const res = await ingest(token, JSON.stringify({ batch_id: "all-bad", events: [1, "two", null] }));
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    error: "none of the batch's 3 events could be accepted; see 'rejected'",
    accepted: 0,
    status: "rejected",
  });
  expect(res.body.rejected).toHaveLength(3);
  expect(await count("events")).toBe(0);
  expect(await count("ingest_batches")).toBe(0);
});

it("reads an id in a path as decimal digits only", async () => {
  const admin = await login();
  const { token } = await agentToken(admin);
  await ingest(token, JSON.stringify(mixed));
  expect((await call("/api/v1/events/1", { token: admin })).status).toBe(200);
  for (const id of ["1e0", "0x1", "+1", "1.0", "01"]) {
    const res = await call(`/api/v1/events/${id}`, { token: admin });
    expect(res.status, id).toBe(400);
    expect(res.body).toEqual({ error: "'id' must be a positive integer" });
  }
});

it("does not bump the rule-set version for a change to an IP list that does not exist", async () => {
  const admin = await login();
  expect((await call("/api/v1/ip-lists/999999", { method: "DELETE", token: admin })).status).toBe(404);
  const patched = await call("/api/v1/ip-lists/999999", { method: "PATCH", token: admin, json: { description: "x" } });
  expect(patched.status).toBe(404);
  expect(await count("rule_set_version")).toBe(0);
});
