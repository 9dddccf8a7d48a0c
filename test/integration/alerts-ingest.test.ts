import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { consumeIngestQueue } from "../../worker/ingest/retry/consumer.ts";
import type { IngestPartMessage } from "../../worker/queue/messages.ts";
import { failedLogon, MINUTE, processStart, T0 } from "../support/workers/alert-events.ts";
import {
  BRUTE_FORCE_RULE_ID,
  BRUTE_FORCE_RULES,
  DEDUP_WINDOW_MS,
  ingestWith,
  NET_RULE,
  NET_RULE_ID,
  ruleSetOf,
  storedAlerts,
  testSettings,
  WHOAMI_RULE,
  WHOAMI_RULE_ID,
} from "../support/workers/alerts.ts";

const whoami = (at: number, host = "WS01") => processStart({ at, host });

async function linkedEvents(alertId: number) {
  const { results } = await env.DB.prepare(
    "SELECT e.id, e.batch_id, e.batch_index FROM alert_events l JOIN events e ON e.batch_id = l.batch_id AND e.batch_index = l.batch_index WHERE l.alert_id = ? ORDER BY e.id",
  )
    .bind(alertId)
    .all();
  return results;
}

function queuedPart(batchId: string, records: unknown[]): IngestPartMessage {
  return {
    kind: "ingest-part",
    batchId,
    tokenId: null,
    bodyHash: "test",
    receivedAt: T0,
    expected: records.length,
    importId: null,
    rejected: [],
    records: records.map((raw, index) => ({ index, raw: JSON.stringify(raw) })),
  };
}

async function deliver(part: IngestPartMessage, settings: ReturnType<typeof testSettings>, id = "m1") {
  const batch = createMessageBatch("edgesiem-ingest", [{ id, timestamp: new Date(), attempts: 1, body: part }]);
  const ctx = createExecutionContext();
  await consumeIngestQueue(batch, env.DB, settings);
  return getQueueResult(batch, ctx);
}

describe("alerts from ingest", () => {
  it("raises an alert with the rule's id, title, level, tags, host, times and key fields", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    const answer = await ingestWith(settings, [whoami(T0), processStart({ image: "C:\\Windows\\notepad.exe" })], "b1");
    expect(answer).toMatchObject({ status: "stored", accepted: 2, alerts: 1 });
    const [alert, ...others] = await storedAlerts();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      rule_id: WHOAMI_RULE_ID,
      title: "Whoami execution",
      level: "medium",
      host: "WS01",
      count: 1,
      first_seen: T0,
      last_seen: T0,
      status: "open",
    });
    expect(JSON.parse(alert?.key_fields ?? "{}")).toEqual({
      "user.name": "CORP\\bob",
      "process.executable": "C:\\Windows\\System32\\whoami.exe",
      "process.command_line": "C:\\Windows\\System32\\whoami.exe /all",
      "process.parent.executable": "C:\\Windows\\System32\\cmd.exe",
    });
    expect(await linkedEvents(alert?.id ?? 0)).toEqual([{ id: expect.any(Number), batch_id: "b1", batch_index: 0 }]);
    const hits = await env.DB.prepare("SELECT batch_index, rule_hits FROM events ORDER BY batch_index").all();
    expect(hits.results).toEqual([
      { batch_index: 0, rule_hits: JSON.stringify([WHOAMI_RULE_ID]) },
      { batch_index: 1, rule_hits: null },
    ]);
  });

  it("adds a repeat within the window to the open alert: count and last seen grow, no new row", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    await ingestWith(settings, [whoami(T0)], "b1");
    const answer = await ingestWith(settings, [whoami(T0 + 10 * MINUTE), whoami(T0 + 20 * MINUTE)], "b2");
    expect(answer.alerts).toBe(1);
    const alerts = await storedAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 3, first_seen: T0, last_seen: T0 + 20 * MINUTE });
  });

  it("keys repeats by the rule's own fields when it lists them", async () => {
    const settings = testSettings(ruleSetOf(NET_RULE));
    const net = (args: string, at: number) =>
      processStart({ at, image: "C:\\Windows\\System32\\net.exe", commandLine: `net ${args}` });
    await ingestWith(settings, [net("group /domain", T0), net("user /domain", T0 + MINUTE)], "b1");
    const alerts = await storedAlerts();
    expect(alerts.map((a) => [a.rule_id, a.count, JSON.parse(a.key_fields)])).toEqual([
      [NET_RULE_ID, 2, { User: "CORP\\bob" }],
    ]);
  });

  it("raises a new alert for a repeat outside the window, or on another host", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    await ingestWith(settings, [whoami(T0)], "b1");
    await ingestWith(settings, [whoami(T0 + DEDUP_WINDOW_MS + MINUTE), whoami(T0 + MINUTE, "WS02")], "b2");
    const alerts = await storedAlerts();
    expect(alerts.map((a) => [a.host, a.count, a.first_seen])).toEqual([
      ["WS01", 1, T0],
      ["WS01", 1, T0 + DEDUP_WINDOW_MS + MINUTE],
      ["WS02", 1, T0 + MINUTE],
    ]);
    expect(settings.notices.map((n) => n.host)).toEqual(["WS01", "WS01", "WS02"]);
  });

  it("raises a new alert for a repeat of an alert that was closed", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    await ingestWith(settings, [whoami(T0)], "b1");
    await env.DB.prepare("UPDATE alerts SET status = 'closed'").run();
    await ingestWith(settings, [whoami(T0 + MINUTE)], "b2");
    expect((await storedAlerts()).map((a) => [a.status, a.count])).toEqual([
      ["closed", 1],
      ["open", 1],
    ]);
  });

  it("hands each new alert to notifications once, with its count", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    await ingestWith(settings, [whoami(T0), whoami(T0 + MINUTE)], "b1");
    await ingestWith(settings, [whoami(T0 + 2 * MINUTE)], "b2");
    const [alert] = await storedAlerts();
    expect(settings.notices).toEqual([
      {
        alertId: alert?.id,
        ruleId: WHOAMI_RULE_ID,
        title: "Whoami execution",
        level: "medium",
        tags: ["attack.discovery", "attack.t1033"],
        host: "WS01",
        firstSeen: T0,
        lastSeen: T0 + MINUTE,
        count: 2,
        keyFields: expect.objectContaining({ "user.name": "CORP\\bob" }),
        link: `/alerts/${alert?.id}`,
      },
    ]);
  });
});

describe("alerts stay idempotent", () => {
  it("counts a resent batch once and answers the resend with the batch's alerts", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    const records = [whoami(T0), whoami(T0 + MINUTE)];
    await ingestWith(settings, records, "same");
    const resend = await ingestWith(settings, records, "same");
    expect(resend).toMatchObject({ status: "duplicate", alerts: 1 });
    expect((await storedAlerts()).map((a) => a.count)).toEqual([2]);
  });

  it("counts a queued part delivered twice once", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    const part = queuedPart("q1", [whoami(T0), whoami(T0 + MINUTE)]);
    expect((await deliver(part, settings, "m1")).explicitAcks).toEqual(["m1"]);
    expect((await deliver(part, settings, "m2")).explicitAcks).toEqual(["m2"]);
    expect((await storedAlerts()).map((a) => a.count)).toEqual([2]);
    expect(settings.notices).toHaveLength(1);
  });

  it("adds nothing when the queue retries a batch whose direct write did commit", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    const records = [whoami(T0), whoami(T0 + MINUTE)];
    await ingestWith(settings, records, "committed");
    await deliver(queuedPart("committed", records), settings);
    expect((await storedAlerts()).map((a) => a.count)).toEqual([2]);
    expect(settings.notices).toHaveLength(1);
  });

  it("does not re-raise a retried batch's alert after it was closed", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    const part = queuedPart("q2", [whoami(T0)]);
    await deliver(part, settings, "m1");
    await env.DB.prepare("UPDATE alerts SET status = 'closed'").run();
    await deliver(part, settings, "m2");
    expect((await storedAlerts()).map((a) => [a.status, a.count])).toEqual([["closed", 1]]);
  });
});

describe("correlation alerts", () => {
  it("raises one alert when a threshold is crossed across two batches, keyed by the group, counting and naming its events", async () => {
    const settings = testSettings(ruleSetOf(BRUTE_FORCE_RULES));
    const first = await ingestWith(settings, [failedLogon({ at: T0 }), failedLogon({ at: T0 + MINUTE })], "c1");
    expect(first.alerts).toBe(0);
    const state = await env.DB.prepare("SELECT rule_id FROM correlation_state").all();
    expect(state.results).toEqual([{ rule_id: BRUTE_FORCE_RULE_ID }]);
    const second = await ingestWith(settings, [failedLogon({ at: T0 + 2 * MINUTE })], "c2");
    expect(second.alerts).toBe(1);
    const alerts = await storedAlerts();
    expect(alerts.map((a) => [a.rule_id, a.level, a.host, a.count, a.first_seen, a.last_seen])).toEqual([
      [BRUTE_FORCE_RULE_ID, "high", "DC01", 3, T0, T0 + 2 * MINUTE],
    ]);
    expect(JSON.parse(alerts[0]?.key_fields ?? "{}")).toEqual({ IpAddress: "203.0.113.50" });
  });

  it("does not feed a correlation the same events twice when a batch is stored again", async () => {
    const settings = testSettings(ruleSetOf(BRUTE_FORCE_RULES));
    const records = [failedLogon({ at: T0 }), failedLogon({ at: T0 + MINUTE })];
    await deliver(queuedPart("c1", records), settings, "m1");
    await deliver(queuedPart("c1", records), settings, "m2");
    expect(await storedAlerts()).toEqual([]);
  });
});
