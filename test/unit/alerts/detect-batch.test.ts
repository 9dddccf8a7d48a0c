import { describe, expect, it } from "vitest";
import { finishDetection, matchBatch } from "../../../worker/alerts/detect-batch.ts";
import { dedupWindowMs } from "../../../worker/alerts/settings.ts";
import { failedLogon, MINUTE, prepared, T0 } from "../../support/workers/alert-events.ts";
import {
  BRUTE_FORCE_RULE_ID,
  BRUTE_FORCE_RULES,
  FAILED_LOGON_RULE_ID,
  ruleSetOf,
} from "../../support/workers/alerts.ts";

const ruleSet = ruleSetOf(BRUTE_FORCE_RULES);
const logons = (ip: string) => prepared([0, 1, 2].map((m) => failedLogon({ at: T0 + m * MINUTE, ip })));

describe("detection of one batch", () => {
  it("lets a rule that only feeds a correlation record its hits without alerting, and the correlation alert", async () => {
    const matched = matchBatch(ruleSet, "batch-1", logons("203.0.113.9"), []);
    expect(matched.hits).toEqual([]);
    expect([...matched.ruleHits.values()]).toEqual([
      [FAILED_LOGON_RULE_ID],
      [FAILED_LOGON_RULE_ID],
      [FAILED_LOGON_RULE_ID],
    ]);
    const detection = await finishDetection(matched, {}, 30 * MINUTE);
    expect(detection.candidates.map((c) => [c.rule.id, c.rule.kind, c.host, c.keyFields, c.firstTs, c.lastTs])).toEqual(
      [[BRUTE_FORCE_RULE_ID, "correlation", "DC01", { IpAddress: "203.0.113.9" }, T0, T0 + 2 * MINUTE]],
    );
    expect(detection.candidates[0]?.events).toEqual(
      [0, 1, 2].map((i) => ({ batchId: "batch-1", batchIndex: i, ts: T0 + i * MINUTE, unlinked: 0 })),
    );
    expect(detection.candidates[0]?.opens).toBe(true);
    expect(Object.keys(detection.correlationChanges.upsert)).toHaveLength(1);
  });

  it("feeds no correlation with a suppressed match, and counts the suppression", async () => {
    const exception = { id: 4, field: "source.ip", value: "203.0.113.9", ruleId: null };
    const matched = matchBatch(ruleSet, "batch-1", logons("203.0.113.9"), [exception]);
    expect(matched.groupKeys).toEqual([]);
    const detection = await finishDetection(matched, {}, 30 * MINUTE);
    expect(detection.candidates).toEqual([]);
    expect([...detection.exceptionHits]).toEqual([[4, 3]]);
    expect(detection.ruleHits.size).toBe(0);
  });
});

describe("dedupWindowMs", () => {
  it("defaults to an hour and reads whole seconds", () => {
    expect(dedupWindowMs(undefined)).toBe(3_600_000);
    expect(dedupWindowMs("600")).toBe(600_000);
  });

  it("refuses a setting that is not a whole number of seconds", () => {
    expect(() => dedupWindowMs("1h")).toThrow("ALERT_DEDUP_WINDOW_SECONDS must be a whole number of seconds, not '1h'");
  });
});
