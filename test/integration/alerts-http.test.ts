import { createExecutionContext, env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import { processStart, T0 } from "../support/workers/alert-events.ts";
import { WHOAMI_RULE, WHOAMI_RULE_ID } from "../support/workers/alerts.ts";
import { agentToken, BASE, call, ingest, login } from "../support/workers/api.ts";
import { failingBatches } from "../support/workers/failing-d1.ts";

let admin: string;
let agent: { id: string; token: string };

beforeEach(async () => {
  admin = await login();
  agent = await agentToken(admin, "WS01");
  const created = await call("/api/v1/rules", { method: "POST", token: admin, json: { text: WHOAMI_RULE } });
  expect(created.status).toBe(201);
});

async function whoamiAlerts() {
  const res = await call<{ alerts: { id: number; count: number; host: string }[] }>(
    `/api/v1/alerts?rule=${WHOAMI_RULE_ID}`,
    { token: admin },
  );
  return res.body.alerts;
}

describe("alerts through the deployed ingest path", () => {
  it("matches a batch against the active rule set and answers how many alerts it raised", async () => {
    const res = await ingest(agent.token, JSON.stringify([processStart({ at: T0 }), processStart({ at: T0 + 1000 })]));
    expect(res.status).toBe(200);
    const alerts = await whoamiAlerts();
    expect(alerts.map((a) => [a.host, a.count])).toEqual([["WS01", 2]]);
    const all = await call<{ alerts: unknown[] }>("/api/v1/alerts", { token: admin });
    expect(res.body.alerts).toBe(all.body.alerts.length);
  });

  it("raises the alert when the retry queue stores a batch D1 refused, and once only on a resend", async () => {
    const body = JSON.stringify({ batch_id: "outage-alerts", events: [processStart({ at: T0 })] });
    const request = () =>
      new Request(`${BASE}/api/v1/ingest`, {
        method: "POST",
        headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
        body,
      });
    const queued = await worker.fetch(request(), { ...env, DB: failingBatches(env.DB) }, createExecutionContext());
    expect(queued.status).toBe(202);
    expect(await queued.json()).toMatchObject({ status: "queued", alerts: 0 });

    const deadline = Date.now() + 15_000;
    while ((await whoamiAlerts()).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await whoamiAlerts()).map((a) => a.count)).toEqual([1]);

    const resend = await worker.fetch(request(), env, createExecutionContext());
    expect(await resend.json()).toMatchObject({ status: "duplicate", alerts: 1 });
    expect((await whoamiAlerts()).map((a) => a.count)).toEqual([1]);
  });
});
