/** The load test's event checks catch what they are there to catch. */
import { describe, expect, it } from "vitest";
import { checkEvents, type StoredEvent } from "./verify.ts";
import type { PlannedBatch } from "./workload.ts";

const batch: PlannedBatch = {
  id: "b1",
  agent: 0,
  body: new Uint8Array(),
  size: 3,
  loadIds: ["b1-0", null, "b1-2"],
  ruleHits: [["r1"], null, []],
  alertingHits: [["r1"], null, []],
};

const stored = (batchIndex: number, loadId: string | null, ruleHits: string[] = []): StoredEvent => ({
  batchId: "b1",
  batchIndex,
  loadId,
  ruleHits,
});

describe("load test event checks", () => {
  it("passes a batch stored exactly once with its rule hits", () => {
    const result = checkEvents([batch], new Set(["b1"]), [stored(0, "b1-0", ["r1"]), stored(2, "b1-2")], null);
    expect(result).toEqual({ violations: [], missing: 0, waiting: 0 });
  });

  it("counts an event waiting in a pending dead letter, and flags it once dead letters no longer count", () => {
    const pending = [{ id: 1, batchId: "b1", indexes: [2] }];
    expect(checkEvents([batch], new Set(["b1"]), [stored(0, "b1-0", ["r1"])], pending)).toMatchObject({
      violations: [],
      waiting: 1,
    });
    expect(checkEvents([batch], new Set(["b1"]), [stored(0, "b1-0", ["r1"])], null).violations).toEqual([
      "acknowledged event b1-2 is neither stored nor in a pending dead letter",
    ]);
  });

  it("flags duplicates, refused or unacknowledged events stored, swapped content and wrong rule hits", () => {
    const twice = checkEvents(
      [batch],
      new Set(["b1"]),
      [stored(0, "b1-0", ["r1"]), stored(0, "b1-0", ["r1"]), stored(2, "b1-2")],
      null,
    );
    expect(twice.violations).toContain("event b1-0 is stored 2 times");

    const refused = checkEvents(
      [batch],
      new Set(["b1"]),
      [stored(0, "b1-0", ["r1"]), stored(1, null), stored(2, "b1-2")],
      null,
    );
    expect(refused.violations).toEqual(["stored event b1#1 was refused by its answer"]);

    const unacked = checkEvents([batch], new Set(), [stored(0, "b1-0", ["r1"])], null);
    expect(unacked.violations).toEqual(["stored event of batch b1, which was never acknowledged"]);

    const swapped = checkEvents([batch], new Set(["b1"]), [stored(0, "b1-2", ["r1"]), stored(2, "b1-2")], null);
    expect(swapped.violations).toContain("stored event b1#0 holds b1-2, sent as b1-0");

    const hits = checkEvents([batch], new Set(["b1"]), [stored(0, "b1-0"), stored(2, "b1-2")], null);
    expect(hits.violations).toEqual(["event b1-0 matched [], the rule set gives [r1]"]);
  });
});
