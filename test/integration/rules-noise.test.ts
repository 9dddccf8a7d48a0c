import { describe, expect, it } from "vitest";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const WHOAMI_ID = "7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9";
const whoamiRule = `title: Whoami Execution
id: ${WHOAMI_ID}
status: test
level: medium
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
fields:
  - CommandLine
`;

const TO = "2026-11-24T00:00:00.000Z";

const whoami = (time: string, commandLine: string, computer: string) => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: computer,
  UtcTime: `2026-11-23 ${time}.000`,
  Image: "C:\\Windows\\System32\\whoami.exe",
  CommandLine: commandLine,
  ParentImage: "C:\\Program Files\\Inventory\\agent.exe",
  User: "CORP\\svc-inventory",
});

interface Alert {
  id: number;
}

async function ruleAlerts(admin: string): Promise<Alert[]> {
  return (await call<{ alerts: Alert[] }>(`/api/v1/alerts?rule=${WHOAMI_ID}`, { token: admin })).body.alerts;
}

/** Four whoami alerts (distinct command lines), three from the inventory agent on WS01, one on WS02; two marked false positive. */
async function noisyRule(admin: string): Promise<void> {
  expect((await call("/api/v1/rules", { method: "POST", token: admin, json: { text: whoamiRule } })).status).toBe(201);
  const { token } = await agentToken(admin, "fleet");
  const stored = await ingest(
    token,
    JSON.stringify({
      batch_id: "noise-1",
      events: [
        whoami("06:00:00", "whoami /all", "WS01"),
        whoami("06:01:00", "whoami /priv", "WS01"),
        whoami("06:02:00", "whoami /groups", "WS01"),
        whoami("06:03:00", "whoami /user", "WS02"),
      ],
    }),
  );
  expect(stored.body.accepted).toBe(4);
  const alerts = await ruleAlerts(admin);
  expect(alerts).toHaveLength(4);
  const ids = alerts.map((alert) => alert.id).slice(0, 2);
  const marked = await call("/api/v1/alerts", {
    method: "PATCH",
    token: admin,
    json: { ids, status: "false_positive" },
  });
  expect(marked.status).toBe(200);
}

describe("rules API: noisy rules", () => {
  it("lists rules by alerts per day over the window, with the share closed as false positive", async () => {
    const admin = await login();
    await noisyRule(admin);
    const res = await call<{ days: number; rules: Record<string, unknown>[] }>(`/api/v1/rules/noisy?days=7&to=${TO}`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.days).toBe(7);
    expect(res.body.rules).toContainEqual(
      expect.objectContaining({
        id: WHOAMI_ID,
        title: "Whoami Execution",
        alerts: 4,
        alerts_per_day: 4 / 7,
        false_positives: 2,
        false_positive_share: 0.5,
        events: 4,
      }),
    );
    const before = await call<{ rules: unknown[] }>("/api/v1/rules/noisy?days=1&to=2026-11-23T00:00:00Z", {
      token: admin,
    });
    expect(before.body.rules).toEqual([]);
  });

  it("offers the fields its alerts share most, and the exception made from one suppresses the rule's next alert", async () => {
    const admin = await login();
    await noisyRule(admin);
    const res = await call<{ sampled: number; read: number; fields: Record<string, unknown>[] }>(
      `/api/v1/rules/${WHOAMI_ID}/noise?days=7&to=${TO}`,
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sampled: 4, read: 4 });
    expect(res.body.fields).toEqual([
      { field: "user.name", value: "CORP\\svc-inventory", alerts: 4, share: 1 },
      { field: "process.executable", value: "C:\\Windows\\System32\\whoami.exe", alerts: 4, share: 1 },
      { field: "process.parent.executable", value: "C:\\Program Files\\Inventory\\agent.exe", alerts: 4, share: 1 },
      { field: "host.name", value: "WS01", alerts: 3, share: 0.75 },
    ]);

    const created = await call("/api/v1/exceptions", {
      method: "POST",
      token: admin,
      json: {
        field: "process.parent.executable",
        value: "C:\\Program Files\\Inventory\\agent.exe",
        rule_id: WHOAMI_ID,
      },
    });
    expect(created.status).toBe(201);
    const { token } = await agentToken(admin, "fleet-2");
    const again = await ingest(
      token,
      JSON.stringify({ batch_id: "noise-2", events: [whoami("07:00:00", "whoami /fqdn", "WS03")] }),
    );
    expect(again.body.accepted).toBe(1);
    expect(await ruleAlerts(admin)).toHaveLength(4);
  });

  it("refuses bad input with a 400 naming the problem, and an unknown rule with 404", async () => {
    const admin = await login();
    expect(await call("/api/v1/rules/noisy?days=5", { token: admin })).toMatchObject({
      status: 400,
      body: { error: "'days' must be one of 1, 7, 30" },
    });
    expect(await call("/api/v1/rules/noisy?sort=loudest", { token: admin })).toMatchObject({
      status: 400,
      body: { error: "'sort' must be one of alerts, false_positive" },
    });
    expect(await call(`/api/v1/rules/${WHOAMI_ID}/noise?sample=500`, { token: admin })).toMatchObject({
      status: 400,
      body: { error: "'sample' must be at most 200" },
    });
    expect(await call("/api/v1/rules/no-such-rule/noise", { token: admin })).toMatchObject({
      status: 404,
      body: { error: "no rule with id no-such-rule, and no alert of one" },
    });
  });
});
