import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import falco from "../fixtures/ingest/falco-alert.json";
import { agentToken, call, login } from "../support/workers/api.ts";

const FALCO = "/api/v1/ingest/falco";
let token: string;

beforeEach(async () => {
  token = (await agentToken(await login(), "k8s-node-1")).token;
});

function send(alert: unknown, authorization = `Bearer ${token}`) {
  return call<{ accepted: number; alerts: number; status: string }>(FALCO, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(alert),
  });
}

async function alerts() {
  const { results } = await env.DB.prepare("SELECT title, level, host, key_fields FROM alerts ORDER BY id").all<{
    title: string;
    level: string;
    host: string;
    key_fields: string;
  }>();
  return results.map((a) => ({ ...a, key_fields: JSON.parse(a.key_fields) }));
}

describe("Falco http_output at /api/v1/ingest/falco", () => {
  it("refuses an alert without a valid agent token", async () => {
    expect((await send(falco, "")).status).toBe(401);
    expect((await send(falco, "Bearer not-a-token")).status).toBe(401);
  });

  it("stores the alert as a falco.alerts event and raises it at Falco's priority, keyed by the Falco rule", async () => {
    const res = await send(falco);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, status: "stored", alerts: 1 });
    const event = await env.DB.prepare("SELECT dataset, host, command_line FROM events").first();
    expect(event).toEqual({ dataset: "falco.alerts", host: "k8s-node-1", command_line: "bash -il" });
    expect(await alerts()).toEqual([
      {
        title: "Falco Notice Priority Alert",
        level: "low",
        host: "k8s-node-1",
        key_fields: { rule: "Terminal shell in container", priority: "Notice" },
      },
    ]);
  });

  it("maps every Falco priority to its alert level", async () => {
    const levels: Record<string, string> = {
      Emergency: "critical",
      Alert: "critical",
      Critical: "critical",
      Error: "high",
      Warning: "medium",
      Notice: "low",
      Informational: "low",
      Debug: "informational",
    };
    for (const priority of Object.keys(levels)) {
      expect((await send({ ...falco, priority, rule: `Rule at ${priority}` })).status).toBe(200);
    }
    const raised = Object.fromEntries((await alerts()).map((a) => [a.key_fields.priority, a.level]));
    expect(raised).toEqual(levels);
  });

  it("takes the token as the password of the URL's user info, which Falco's http_output sends as Basic", async () => {
    const res = await send(falco, `Basic ${btoa(`falco:${token}`)}`);
    expect(res.status).toBe(200);
  });

  it("lists an alert without a rule as rejected and stores nothing", async () => {
    const { rule: _rule, ...withoutRule } = falco;
    const res = await send(withoutRule);
    expect(res.body).toMatchObject({ accepted: 0, rejected: [{ index: 0, error: "falco alert has no 'rule'" }] });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM events").first("n")).toBe(0);
  });
});
