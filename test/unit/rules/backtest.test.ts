import { describe, expect, it } from "vitest";
import { prepareRecord } from "../../../worker/ingest/prepare.ts";
import {
  type BacktestRules,
  type BacktestState,
  backtestPage,
  eventSummary,
  MAX_OPEN_ALERTS,
  MAX_SAMPLES,
  startBacktest,
} from "../../../worker/rules/backtest.ts";
import { compileRules } from "../../../worker/rules/compile-rules.ts";
import type { BacktestEventRow } from "../../../worker/store/backtest-events.ts";
import { MINUTE, processStart, T0 } from "../../support/workers/alert-events.ts";

const WHOAMI_ID = "3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d";
const whoamiRule = `title: Whoami Execution
id: ${WHOAMI_ID}
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

const HOUR = 60 * MINUTE;
const DEDUP = HOUR;

function rulesOf(text: string): BacktestRules {
  const ruleSet = compileRules([{ origin: "backtest:texts[0]", kind: "sigma", text }], {});
  expect(ruleSet.errors).toEqual([]);
  const infos = [...ruleSet.rules, ...ruleSet.correlations.map((c) => c.info)];
  return { fingerprint: "f", ruleSet, tried: new Map(infos.map((info) => [info.id, info])) };
}

const WHOAMI = rulesOf(whoamiRule);

function rows(records: readonly Record<string, unknown>[]): BacktestEventRow[] {
  return records.map((record, index) => ({
    id: index + 1,
    ts: Date.parse(`${String(record.UtcTime).replace(" ", "T")}Z`),
    source: "evtx_json",
    dataset: "windows.sysmon_operational",
    eventCode: "1",
    raw: JSON.stringify(record),
    receivedAt: T0,
  }));
}

function started(rules = WHOAMI, total = 0): BacktestState {
  return startBacktest(rules, { from: T0 - 24 * HOUR, to: T0 + 24 * HOUR, maxIds: [1000] }, total);
}

/** The whole of `events` run in pages of `size`. */
async function inPages(events: readonly BacktestEventRow[], size: number, rules = WHOAMI): Promise<BacktestState> {
  let state = started(rules, events.length);
  for (let start = 0; start < events.length; start += size) {
    const page = events.slice(start, start + size);
    state = await backtestPage(rules, state, page, start + size >= events.length, [], DEDUP);
  }
  return state;
}

const run = rows([
  processStart({ at: T0, commandLine: "whoami /all" }),
  processStart({ at: T0 + MINUTE, image: "C:\\Windows\\notepad.exe" }),
  processStart({ at: T0 + 2 * MINUTE, commandLine: "whoami /all" }),
  processStart({ at: T0 + 3 * MINUTE, commandLine: "whoami /priv" }),
  processStart({ at: T0 + 3 * HOUR, commandLine: "whoami /all" }),
  processStart({ at: T0 + 3 * HOUR, host: "WS02", commandLine: "whoami /all" }),
]);

describe("backtest pages", () => {
  it("groups hits into alerts as ingest does: same rule, host and key fields within the dedup window", async () => {
    const state = await inPages(run, run.length);
    expect(state.rules[WHOAMI_ID]).toMatchObject({ alerts: 4, events: 5, suppressed: 0 });
    expect(state).toMatchObject({ scanned: 6, done: true, cursor: { ts: T0 + 3 * HOUR, id: 6 } });
  });

  it("answers the same counts and samples whatever the page size", async () => {
    const whole = await inPages(run, run.length);
    for (const size of [1, 2, 4]) {
      const paged = await inPages(run, size);
      expect(paged.rules).toEqual(whole.rules);
      expect(paged.scanned).toBe(whole.scanned);
    }
  });

  it("is done only on the page it is told is the last, and moves the cursor to the page's last event", async () => {
    const first = await backtestPage(WHOAMI, started(), run.slice(0, 2), false, [], DEDUP);
    expect(first).toMatchObject({ done: false, scanned: 2, cursor: { ts: T0 + MINUTE, id: 2 } });
    const empty = await backtestPage(WHOAMI, first, [], true, [], DEDUP);
    expect(empty).toMatchObject({ done: true, scanned: 2, cursor: first.cursor });
  });

  it("keeps the latest samples, at most a few, and forgets alerts once past the dedup window", async () => {
    const state = await inPages(run, 3);
    const samples = state.rules[WHOAMI_ID]?.samples ?? [];
    expect(samples).toHaveLength(MAX_SAMPLES);
    expect(samples.map((s) => s.eventId)).toEqual([4, 5, 6]);
    expect(samples[2]).toMatchObject({ host: "WS02", summary: "process_creation · whoami /all · CORP\\bob" });
    // Only the two alerts of the last hour are still open.
    expect(Object.keys(state.open)).toHaveLength(2);
  });

  it("counts matches an exception covers as suppressed, not as alerts", async () => {
    const exceptions = [{ id: 1, field: "CommandLine", value: "WHOAMI /ALL", ruleId: WHOAMI_ID }];
    const state = await backtestPage(WHOAMI, started(), run, true, exceptions, DEDUP);
    expect(state.rules[WHOAMI_ID]).toMatchObject({ alerts: 1, events: 1, suppressed: 4 });
  });

  it("counts events that no longer normalise as unreadable", async () => {
    const broken = { ...(run[0] as BacktestEventRow), raw: "{not json" };
    const state = await backtestPage(WHOAMI, started(), [broken], true, [], DEDUP);
    expect(state).toMatchObject({ scanned: 1, unreadable: 1 });
  });

  it("bounds the memory of open alerts and says the counts are approximate past it", async () => {
    const many = rows(
      Array.from({ length: MAX_OPEN_ALERTS + 1 }, (_, i) => processStart({ at: T0 + i, commandLine: `whoami ${i}` })),
    );
    const state = await backtestPage(WHOAMI, started(), many, true, [], DEDUP);
    expect(state.rules[WHOAMI_ID]?.alerts).toBe(MAX_OPEN_ALERTS + 1);
    expect(Object.keys(state.open)).toHaveLength(MAX_OPEN_ALERTS);
    expect(state.approximate).toBe(true);
  });

  it("fires a correlation across pages, in event order", async () => {
    const burst = rulesOf(`title: Whoami Burst
id: 9d8c7b6a-5f4e-4d3c-8b2a-190817263544
correlation:
  type: event_count
  rules:
    - whoami_run
  group-by:
    - Computer
  timespan: 10m
  condition:
    gte: 3
level: high
---
title: Whoami Run
id: 11111111-2222-4333-8444-555555555555
name: whoami_run
level: informational
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`);
    const state = await inPages(run, 1, burst);
    expect(state.rules["9d8c7b6a-5f4e-4d3c-8b2a-190817263544"]).toMatchObject({ alerts: 1, events: 1 });
    expect(state.rules["9d8c7b6a-5f4e-4d3c-8b2a-190817263544"]?.samples.map((s) => s.eventId)).toEqual([4]);
  });
});

describe("eventSummary", () => {
  it("cuts a long command line to 160 characters", () => {
    const record = processStart({ commandLine: `powershell ${"A".repeat(100_000)}` });
    const prepared = prepareRecord(record, 0, T0);
    if (!("event" in prepared)) throw new Error("did not normalise");
    const summary = eventSummary(prepared.event);
    expect(summary).toHaveLength(160);
    expect(summary.endsWith("…")).toBe(true);
  });
});
