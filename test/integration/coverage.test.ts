import { createMessageBatch, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { analyseCoverage } from "../../worker/coverage/analyse.ts";
import { coverageRules } from "../../worker/coverage/coverage-rules.ts";
import { consumeIngestQueue } from "../../worker/ingest/retry/consumer.ts";
import { storeBatch } from "../../worker/ingest/store-batch.ts";
import type { Coverage } from "../../worker/model/wire/coverage.ts";
import type { IngestPartMessage } from "../../worker/queue/messages.ts";
import { coverageFigures } from "../../worker/store/coverage.ts";
import { epochDay } from "../../worker/store/epoch-day.ts";
import { openStore } from "../../worker/store/handle.ts";
import { failedLogon, MINUTE, prepared, processStart, T0 } from "../support/workers/alert-events.ts";
import { ingestWith, ruleSetOf, testSettings, WHOAMI_RULE, WHOAMI_RULE_ID } from "../support/workers/alerts.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const linuxAuth = { message: "Nov 23 07:59:04 web1 sshd[1234]: Accepted publickey for deploy from 10.0.0.9 port 5100" };
/** Non-ASCII text, so bytes and characters differ. */
const RECORDS = [
  processStart({ host: "WS01" }),
  processStart({ host: "WS01", image: "C:\\Temp\\naïve-€-𝄞.exe" }),
  processStart({ host: "WS02", at: T0 - 1440 * MINUTE }),
  failedLogon({ host: "DC01" }),
  failedLogon({ host: "DC01" }),
  linuxAuth,
];

interface RollupRow {
  day: number;
  dataset: string;
  event_code: string;
  host: string;
  events: number;
  bytes: number;
}

const ORDER = "ORDER BY day, dataset, event_code, host";

async function rollups(): Promise<RollupRow[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM volume_rollups ${ORDER}`).all<RollupRow>();
  return results;
}

/** The rollups as a scan of the stored events would compute them. */
async function rollupsFromEvents(): Promise<RollupRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT ts / 86400000 AS day, dataset, coalesce(event_code, '') AS event_code, coalesce(host, '') AS host,
       count(*) AS events, sum(length(CAST(raw AS BLOB))) AS bytes
     FROM events GROUP BY 1, 2, 3, 4 ${ORDER}`,
  ).all<RollupRow>();
  return results;
}

function partMessage(batchId: string, indices: readonly number[]): IngestPartMessage {
  return {
    kind: "ingest-part",
    batchId,
    tokenId: null,
    bodyHash: "test",
    receivedAt: T0,
    expected: RECORDS.length,
    importId: null,
    rejected: [],
    records: indices.map((index) => ({ index, raw: JSON.stringify(RECORDS[index]) })),
  };
}

async function deliver(message: IngestPartMessage, id: string) {
  const batch = createMessageBatch("edgesiem-ingest", [{ id, timestamp: new Date(), attempts: 1, body: message }]);
  await consumeIngestQueue(batch, env.DB, testSettings(ruleSetOf()));
}

describe("volume rollups", () => {
  it("count every stored event and its raw bytes per day, dataset, event code and host", async () => {
    expect((await ingestWith(testSettings(ruleSetOf()), RECORDS, "roll-1")).status).toBe("stored");
    const stored = await rollups();
    expect(stored).toEqual(await rollupsFromEvents());
    expect(stored.reduce((sum, row) => sum + row.events, 0)).toBe(RECORDS.length);
    expect(stored.find((row) => row.host === "DC01")).toMatchObject({ event_code: "4625", events: 2 });
    expect(stored.filter((row) => row.host === "WS02").map((row) => row.day)).toEqual([epochDay(T0) - 1]);
  });

  it("do not count a resent batch again", async () => {
    const settings = testSettings(ruleSetOf());
    await ingestWith(settings, RECORDS, "roll-2");
    const once = await rollups();
    const resend = await ingestWith(settings, RECORDS, "roll-2");
    expect(resend.status).toBe("duplicate");
    expect(await rollups()).toEqual(once);
  });

  it("do not count a batch written again after a write that did commit", async () => {
    const events = prepared(RECORDS);
    const meta = {
      batchId: "roll-3",
      tokenId: null,
      bodyHash: "h",
      receivedAt: T0,
      expected: events.length,
      rejected: [],
      importId: null,
    };
    const settings = testSettings(ruleSetOf());
    await storeBatch(openStore(env.DB), meta, events, settings);
    await storeBatch(openStore(env.DB), meta, events, settings);
    expect(await rollups()).toEqual(await rollupsFromEvents());
    expect((await rollups()).reduce((sum, row) => sum + row.events, 0)).toBe(RECORDS.length);
  });

  it("count a queue part delivered twice once", async () => {
    await deliver(partMessage("roll-4", [0, 1, 2, 3, 4, 5]), "m1");
    await deliver(partMessage("roll-4", [0, 1, 2, 3, 4, 5]), "m2");
    expect(await rollups()).toEqual(await rollupsFromEvents());
    expect((await rollups()).reduce((sum, row) => sum + row.events, 0)).toBe(RECORDS.length);
  });

  it("stay exact when the whole batch is written over some of its queue parts already stored", async () => {
    await deliver(partMessage("roll-5", [0, 1, 2]), "m1");
    const events = prepared(RECORDS);
    const meta = {
      batchId: "roll-5",
      tokenId: null,
      bodyHash: "test",
      receivedAt: T0,
      expected: 6,
      rejected: [],
      importId: null,
    };
    await storeBatch(openStore(env.DB), meta, events, testSettings(ruleSetOf()));
    await deliver(partMessage("roll-5", [3, 4, 5]), "m2");
    expect(await rollups()).toEqual(await rollupsFromEvents());
    expect((await rollups()).reduce((sum, row) => sum + row.events, 0)).toBe(RECORDS.length);
  });
});

describe("coverage verdicts on a fixture rule set", () => {
  it("tell sources that feed rules that fired from those that feed silent rules or none", async () => {
    const failedLogonRule = `title: Failed logon
id: 0a1b2c3d-0000-4000-8000-000000000001
level: low
tags:
  - attack.credential_access
  - attack.t1110
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4771
  condition: selection
`;
    const ruleSet = ruleSetOf(WHOAMI_RULE, failedLogonRule);
    await ingestWith(testSettings(ruleSet), RECORDS, "verdicts-1");
    const figures = await coverageFigures(openStore(env.DB), epochDay(T0) - 6);
    const coverage = analyseCoverage({
      rules: coverageRules(ruleSet),
      disabledTechniques: new Map(),
      volumes: figures.volumes,
      alerts: figures.alerts,
      days: 7,
    });
    const verdicts = Object.fromEntries(
      coverage.sources.map((s) => [`${s.dataset}|${s.eventCode}`, [s.verdictText, s.alerts]]),
    );
    expect(verdicts).toEqual({
      "windows.sysmon_operational|1": ["feeds 1 rule that fired", figures.alerts.get(WHOAMI_RULE_ID)],
      "windows.security|4625": ["feeds rules that never fired", 0],
      "linux.auth|null": ["feeds no rule", 0],
    });
    expect(figures.alerts.get(WHOAMI_RULE_ID)).toBeGreaterThan(0);
    expect(coverage.techniques.filter((technique) => technique.status !== "gap")).toEqual([
      {
        id: "T1033",
        name: "System Owner/User Discovery",
        tactics: ["discovery"],
        rules: [WHOAMI_RULE_ID],
        sources: [{ dataset: "windows.sysmon_operational", eventCode: "1" }],
        status: "covered",
      },
      {
        id: "T1110",
        name: "Brute Force",
        tactics: ["credential-access"],
        rules: ["0a1b2c3d-0000-4000-8000-000000000001"],
        // A service-wide rule reads every Security event, the failed logons that arrive among them.
        sources: [{ dataset: "windows.security", eventCode: "4625" }],
        status: "covered",
      },
    ]);
  });
});

describe("coverage API", () => {
  const now = () => Date.now();

  it("answers the sources, rules and techniques of the active rules and what dropping a source loses", async () => {
    const admin = await login();
    const { token } = await agentToken(admin, "ws");
    const batch = { batch_id: "api-1", events: [processStart({ at: now() }), failedLogon({ at: now() })] };
    expect((await ingest(token, JSON.stringify(batch))).status).toBe(200);

    const res = await call<Coverage>("/api/v1/coverage?days=1", { token: admin });
    expect(res.status).toBe(200);
    const sysmon = res.body.sources.find((s) => s.dataset === "windows.sysmon_operational");
    expect(sysmon).toMatchObject({ event_code: "1", events_per_day: 1 });
    expect(res.body.rules.length).toBeGreaterThan(0);
    expect(res.body.attack_version).toBe("18.0");
    // The shipped rules' process-creation techniques arrive through Sysmon 1.
    const whoami = res.body.techniques.find((t) => t.id === "T1033");
    expect(whoami).toMatchObject({ name: "System Owner/User Discovery", status: "covered" });
    expect(whoami?.sources).toContainEqual({ dataset: "windows.sysmon_operational", event_code: "1" });
    const gap = res.body.techniques.find((t) => t.status === "gap");
    expect(gap).toMatchObject({ rules: [], sources: [], name: expect.any(String) });
    const simple = res.body.rules.find((rule) => rule.kind === "simple");
    expect(simple).toMatchObject({ simple_reads: "detail_text", every_event: false });

    const whatIf = await call<{ saved: { events_per_day: number }; lost_alerts: number; lost_rules: unknown[] }>(
      "/api/v1/coverage/what-if?days=1",
      { method: "POST", token: admin, json: { drop: [{ dataset: "windows.sysmon_operational", event_code: "1" }] } },
    );
    expect(whatIf.status).toBe(200);
    expect(whatIf.body.saved.events_per_day).toBe(1);
  });

  it("needs a session and rejects a bad window or drop list", async () => {
    expect((await call("/api/v1/coverage")).status).toBe(401);
    const admin = await login();
    expect((await call("/api/v1/coverage?days=0", { token: admin })).status).toBe(400);
    const bad = await call("/api/v1/coverage/what-if", { method: "POST", token: admin, json: { drop: [{}] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: "'drop[0].dataset' is required and must be a non-empty string" });
  });
});
