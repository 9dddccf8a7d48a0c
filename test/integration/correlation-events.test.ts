/**
 * A correlation alert through the deployed ingest path with the shipped rule "Windows Logon
 * Failures Against One Account From One Source" (10 failed logons, one address and account, 5 min):
 * a brute force of 41 failed logons sent in three batches raises one alert that names the host and
 * the user and links all 41 events, the ones of the batches before the firing included.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { AlertAnswer, AlertPage } from "../../worker/model/wire/alerts.ts";
import type { EventPage } from "../../worker/model/wire/events.ts";
import { failedLogon, T0 } from "../support/workers/alert-events.ts";
import { ingestWith, ruleSetOf, storedAlerts, testSettings } from "../support/workers/alerts.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const FLOOD_RULES = `title: Failed logon
id: flood-base
name: failed_logon
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4625
  condition: selection
---
title: Two hundred failed logons
id: flood-200
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [IpAddress]
  timespan: 1h
  condition:
    gte: 200
`;

const BURST_RULE_ID = "91786ce1-1d6b-4d63-89ec-accc83188ade";
const SECOND = 1000;

let admin: string;
let agent: { id: string; token: string };

beforeEach(async () => {
  admin = await login();
  agent = await agentToken(admin, "collector");
});

const attempts = (from: number, to: number, host = "DC01") =>
  Array.from({ length: to - from }, (_, i) =>
    failedLogon({ at: T0 + (from + i) * 5 * SECOND, host, user: "svc-backup", ip: "198.51.100.7" }),
  );

async function send(batchId: string, events: unknown[]) {
  const res = await ingest(agent.token, JSON.stringify({ batch_id: batchId, events }));
  expect(res.status).toBe(200);
}

async function burstAlerts() {
  const res = await call<AlertPage>(`/api/v1/alerts?rule=${BURST_RULE_ID}`, { token: admin });
  return res.body.alerts;
}

describe("a correlation alert's events", () => {
  it("names the host and user of a 41-logon brute force sent in three batches and links all 41", async () => {
    await send("bf-1", attempts(0, 6));
    await send("bf-2", attempts(6, 20));
    await send("bf-3", attempts(20, 41));

    const alerts = await burstAlerts();
    expect(alerts.map((a) => [a.host, a.count, a.key_fields])).toEqual([
      ["DC01", 41, { IpAddress: "198.51.100.7", TargetUserName: "svc-backup" }],
    ]);
    const id = alerts[0]?.id as number;
    const { alert } = (await call<AlertAnswer>(`/api/v1/alerts/${id}`, { token: admin })).body;
    expect(alert.contributors).toEqual({
      linked: 41,
      hosts: [{ name: "DC01", events: 41 }],
      host_total: 1,
      users: [{ name: "svc-backup", events: 41 }],
      user_total: 1,
    });
    expect(alert.events).toHaveLength(41);
    expect(alert.first_seen).toBe(new Date(T0).toISOString());
    expect(alert.last_seen).toBe(new Date(T0 + 40 * 5 * SECOND).toISOString());

    const from = new Date(T0 - SECOND).toISOString();
    const to = new Date(T0 + 10 * 60 * SECOND).toISOString();
    const linked = await call<EventPage>(`/api/v1/events?alert=${id}&from=${from}&to=${to}&limit=100`, {
      token: admin,
    });
    expect(linked.status).toBe(200);
    expect(linked.body.events).toHaveLength(41);
    expect(new Set(linked.body.events.map((e) => e.event_code))).toEqual(new Set(["4625"]));
  });

  it("names no single host when the failures reach two, and lists both", async () => {
    await send("mixed-1", attempts(0, 6, "DC01"));
    await send("mixed-2", attempts(6, 12, "DC02"));
    const [alert] = await burstAlerts();
    expect(alert?.host).toBeNull();
    const detail = (await call<AlertAnswer>(`/api/v1/alerts/${alert?.id}`, { token: admin })).body.alert;
    expect(detail.contributors?.hosts).toEqual([
      { name: "DC01", events: 6 },
      { name: "DC02", events: 6 },
    ]);
    expect(detail.contributors?.host_total).toBe(2);
    expect(detail.count).toBe(12);
  });

  it("links the oldest and newest 50 of a flood's window and the first 100 of its quiet time, and counts every event", async () => {
    const settings = testSettings(ruleSetOf(FLOOD_RULES));
    await ingestWith(settings, attempts(0, 120), "flood-1");
    await ingestWith(settings, attempts(120, 260), "flood-2");
    await ingestWith(settings, attempts(260, 300), "flood-3");
    await ingestWith(settings, attempts(300, 330), "flood-4");
    expect((await storedAlerts()).map((a) => [a.rule_id, a.host, a.count])).toEqual([["flood-200", "DC01", 330]]);
    const links = await env.DB.prepare(
      "SELECT batch_id, count(*) AS n, sum(unlinked) AS unlinked FROM alert_events GROUP BY batch_id ORDER BY batch_id",
    ).all();
    // The window: 0-49 and 150-199 linked, the 100 between counted on 199; the quiet events 200-299
    // one by one; past them, one link per batch (329) counting the batch's others.
    expect(links.results).toEqual([
      { batch_id: "flood-1", n: 50, unlinked: 0 },
      { batch_id: "flood-2", n: 110, unlinked: 100 },
      { batch_id: "flood-3", n: 40, unlinked: 0 },
      { batch_id: "flood-4", n: 1, unlinked: 29 },
    ]);
  });

  it("refuses an alert filter on the events that is not an alert id", async () => {
    const res = await call<{ error: string }>("/api/v1/events?alert=bf", { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("'alert' must be a positive integer");
  });
});
