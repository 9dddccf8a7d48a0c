import { describe, expect, it } from "vitest";
import { type AlertHit, alertCandidates, alertIdentity } from "../../../worker/alerts/candidates.ts";
import { MINUTE, T0 } from "../../support/workers/alert-events.ts";

const RULE = { id: "rule-a", kind: "sigma" as const, title: "Whoami", level: "medium" as const, tags: [] };

function hit(batchIndex: number, ts: number, keyFields: Record<string, string> = { "user.name": "bob" }): AlertHit {
  return {
    rule: RULE,
    host: "WS01",
    keyFields,
    ts,
    firstTs: ts,
    events: [{ batchId: "b1", batchIndex, ts, unlinked: 0 }],
    opens: true,
  };
}

describe("alertCandidates", () => {
  it("makes one candidate of repeats within the window, oldest event first", async () => {
    const candidates = await alertCandidates(
      [hit(1, T0 + 5 * MINUTE), hit(0, T0), hit(2, T0 + 9 * MINUTE)],
      10 * MINUTE,
    );
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({ firstTs: T0, lastTs: T0 + 9 * MINUTE, host: "WS01" });
    expect(candidates[0]?.events.map((e) => e.batchIndex)).toEqual([0, 1, 2]);
  });

  it("starts a new candidate after a gap longer than the window", async () => {
    const candidates = await alertCandidates([hit(0, T0), hit(1, T0 + 11 * MINUTE)], 10 * MINUTE);
    expect(candidates.map((c) => c.events.length)).toEqual([1, 1]);
    expect(candidates[0]?.dedupKey).toBe(candidates[1]?.dedupKey);
  });

  it("keeps different key fields, hosts and rules apart", async () => {
    const other = { ...hit(2, T0), host: "WS02" };
    const candidates = await alertCandidates(
      [hit(0, T0), hit(1, T0, { "user.name": "alice" }), other, { ...hit(3, T0), rule: { ...RULE, id: "rule-b" } }],
      10 * MINUTE,
    );
    expect(new Set(candidates.map((c) => c.dedupKey)).size).toBe(4);
  });

  it("does not let the order of key fields change an alert's identity", () => {
    expect(alertIdentity("r", "h", { a: "1", b: "2" })).toBe(alertIdentity("r", "h", { b: "2", a: "1" }));
    expect(alertIdentity("r", null, {})).not.toBe(alertIdentity("r", "h", {}));
  });
});
