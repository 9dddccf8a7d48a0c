/**
 * The load and fault test at CI size (`npm run test:load` runs the default size): a few agents post
 * to the local Worker through D1 failures, a restart, lost answers, cut requests and resends.
 */
import { describe, expect, it } from "vitest";
import { loadOptions } from "./options.ts";
import { runLoadTest } from "./run.ts";

describe("load and fault test (CI size)", () => {
  it("stores every acknowledged event exactly once and counts every alert once, through D1 failures, a restart, resends and a dead-letter replay", async () => {
    const log: string[] = [];
    const report = await runLoadTest(loadOptions("ci", { log: (line) => log.push(line) }));
    const { violations, ...summary } = report;
    console.log(`${log.join("\n")}\n${JSON.stringify(summary)}`);

    expect(violations).toEqual([]);
    expect(report.events.stored).toBe(report.events.acknowledged);
    expect(report.batches.refused).toBe(0);
    // Each fault really happened, or the run proves nothing about it.
    expect(report.restarts).toBe(1);
    expect(report.d1_faults.refused).toBeGreaterThan(0);
    expect(report.d1_faults.committed_answer_lost).toBeGreaterThan(0);
    expect(report.batches.queued_202).toBeGreaterThan(0);
    expect(report.retries.queue_retries).toBeGreaterThan(0);
    expect(report.retries.lost_answers).toBeGreaterThan(0);
    expect(report.retries.duplicate_sends).toBeGreaterThan(0);
    expect(report.events.rejected).toBeGreaterThan(0);
    expect(report.dead_lettered.pending_events_before_replay).toBeGreaterThan(0);
    expect(report.replayed.parts).toBe(report.dead_lettered.pending_parts_before_replay);
    expect(report.alerts.rules_fired).toBeGreaterThan(0);
    expect(report.alerts.alerted_events).toBeGreaterThan(0);
  }, 300_000);
});
