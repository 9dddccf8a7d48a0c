import { describe, expect, it } from "vitest";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const WHOAMI_ID = "5d1f0c2e-8a43-4b7e-9c61-2f0e7a9b4c11";
const NOTEPAD_ID = "7e2a1b3c-4d5e-4f60-8a71-9b8c7d6e5f40";

const processRule = (id: string, title: string, image: string) => `title: ${title}
id: ${id}
level: medium
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\\\${image}'
  condition: selection
`;

const whoamiOn = (computer: string) => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: computer,
  UtcTime: "2026-11-23 06:54:08.120",
  Image: "C:\\Windows\\System32\\whoami.exe",
  CommandLine: "whoami /all",
  User: "CORP\\bob",
});

interface AlertCounts {
  total: number;
  open: number;
  last_seen: string | null;
}

interface Entry {
  id: string;
  alerts: AlertCounts;
}

async function setUp() {
  const admin = await login();
  for (const [id, title, image] of [
    [WHOAMI_ID, "Whoami run", "whoami.exe"],
    [NOTEPAD_ID, "Notepad run", "notepad.exe"],
  ] as const) {
    const created = await call("/api/v1/rules", {
      method: "POST",
      token: admin,
      json: { kind: "sigma", text: processRule(id, title, image) },
    });
    expect(created.status).toBe(201);
  }
  const { token } = await agentToken(admin, "ws");
  const batch = { batch_id: "ws-1", events: [whoamiOn("WS01"), whoamiOn("WS02")] };
  const stored = await ingest(token, JSON.stringify(batch));
  expect(stored.body.alerts).toBe(2);
  const alerts = await call<{ alerts: { id: number; host: string }[] }>(`/api/v1/alerts?rule=${WHOAMI_ID}`, {
    token: admin,
  });
  const ws02 = alerts.body.alerts.find((alert) => alert.host === "WS02");
  await call(`/api/v1/alerts/${ws02?.id}`, { method: "PATCH", token: admin, json: { status: "closed" } });
  return admin;
}

describe("rules API: alert counts per rule", () => {
  it("lists each rule with its alerts in total and still open, and a rule that never alerted with zero", async () => {
    const admin = await setUp();
    const res = await call<{ rules: Entry[] }>("/api/v1/rules?origin=api", { token: admin });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.rules.map((rule) => [rule.id, rule.alerts]));
    expect(byId.get(WHOAMI_ID)).toEqual({ total: 2, open: 1, last_seen: "2026-11-23T06:54:08.120Z" });
    expect(byId.get(NOTEPAD_ID)).toEqual({ total: 0, open: 0, last_seen: null });
  });

  it("shows the same counts on the rule's own page", async () => {
    const admin = await setUp();
    const res = await call<{ rule: Entry }>(`/api/v1/rules/${WHOAMI_ID}`, { token: admin });
    expect(res.body.rule.alerts).toEqual({ total: 2, open: 1, last_seen: "2026-11-23T06:54:08.120Z" });
  });
});
