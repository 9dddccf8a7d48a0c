import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  advanceCorrelations,
  type CorrelationState,
  groupChanges,
  groupKey,
  groupKeysOf,
  pickGroups,
  ruleIdOfGroupKey,
} from "../../../../worker/detect/correlation/engine.ts";
import { isCompileError, parseCorrelationRule } from "../../../../worker/detect/correlation/parse.ts";
import type { CorrelationInput, CorrelationRule } from "../../../../worker/detect/types.ts";
import type { FieldValue } from "../../../../worker/model/event.ts";
import { FIELD_MAP } from "../../../../worker/sources/field-map.ts";
import { syntheticEvent } from "../support/synthetic-event.ts";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);

function correlation(yaml: string): CorrelationRule {
  const parsed = parseCorrelationRule(load(yaml) as Record<string, unknown>, "test", 1);
  if (isCompileError(parsed)) expect.fail(parsed.reason);
  return parsed;
}

function match(ruleId: string, at: number, fields: Record<string, FieldValue>, ruleName: string | null = null) {
  return { ruleId, ruleName, event: syntheticEvent(at, fields) } satisfies CorrelationInput;
}

const failed = (at: number, ip = "203.0.113.9", user = "root") =>
  match("ssh-failed", at, { "source.ip": ip, user }, "ssh_failed");
const accepted = (at: number, ip = "203.0.113.9") =>
  match("ssh-accepted", at, { "source.ip": ip, user: "root" }, "ssh_accepted");

const BRUTE_FORCE = correlation(`
title: SSH brute force
id: brute-force
name: ssh_brute_force
correlation:
  type: event_count
  rules: [ssh_failed]
  group-by: [source.ip]
  timespan: 1m
  condition: { gte: 5 }
`);

function run(rules: CorrelationRule[], inputs: CorrelationInput[], state: CorrelationState = {}) {
  return advanceCorrelations(rules, state, inputs, FIELD_MAP);
}

/** The same inputs fed one batch at a time, the state surviving a JSON round trip in between (as in D1). */
function runInBatches(rules: CorrelationRule[], batches: CorrelationInput[][]) {
  let state: CorrelationState = {};
  const firings = [];
  for (const batch of batches) {
    const result = advanceCorrelations(rules, state, batch, FIELD_MAP);
    state = JSON.parse(JSON.stringify(result.state));
    firings.push(...result.firings);
  }
  return { state, firings };
}

const times = (n: number, step: number, from = T0) => Array.from({ length: n }, (_, i) => from + i * step);

describe("event_count", () => {
  it("fires when the threshold is reached within the timespan, naming the group and the window", () => {
    const inputs = times(5, 10 * SECOND).map((t) => failed(t));
    const { firings } = run([BRUTE_FORCE], inputs);
    expect(firings).toHaveLength(1);
    expect(firings[0]).toMatchObject({
      rule: { id: "brute-force" },
      group: { "source.ip": "203.0.113.9" },
      firstTs: T0,
      lastTs: T0 + 40 * SECOND,
      value: 5,
      alert: true,
    });
    expect(firings[0]?.lastEvent).toBe(inputs[4]?.event);
  });

  it("stays quiet when the same events are spread wider than the timespan", () => {
    expect(
      run(
        [BRUTE_FORCE],
        times(5, 20 * SECOND).map((t) => failed(t)),
      ).firings,
    ).toEqual([]);
  });

  it("counts each group-by value separately", () => {
    const inputs = times(6, SECOND).map((t, i) => failed(t, i % 2 === 0 ? "198.51.100.1" : "198.51.100.2"));
    expect(run([BRUTE_FORCE], inputs).firings).toEqual([]);
  });

  it("sorts a batch by event time before windowing", () => {
    const inputs = times(5, 10 * SECOND)
      .map((t) => failed(t))
      .reverse();
    const { firings } = run([BRUTE_FORCE], inputs);
    expect(firings.map((f) => [f.firstTs, f.lastTs])).toEqual([[T0, T0 + 40 * SECOND]]);
  });

  it("fires once per burst and timespan, then again for a new burst after it", () => {
    const burst = times(60, 2 * SECOND).map((t) => failed(t));
    const later = times(5, SECOND, T0 + 5 * MINUTE).map((t) => failed(t));
    const { firings } = run([BRUTE_FORCE], [...burst, ...later]);
    // Quiet until 8s + 1m: the burst's events from 70s on start a new count, which fires at 78s.
    expect(firings.map((f) => f.lastTs)).toEqual([T0 + 8 * SECOND, T0 + 78 * SECOND, T0 + 5 * MINUTE + 4 * SECOND]);
  });

  it("gives the same firings across batches as in one, with the state kept as JSON", () => {
    const inputs = times(12, 7 * SECOND).map((t) => failed(t));
    const whole = run([BRUTE_FORCE], inputs).firings.map((f) => [f.firstTs, f.lastTs, f.value]);
    const split = runInBatches([BRUTE_FORCE], [inputs.slice(0, 3), inputs.slice(3, 4), inputs.slice(4)]);
    expect(split.firings.map((f) => [f.firstTs, f.lastTs, f.value])).toEqual(whole);
    expect(whole).toHaveLength(1);
  });

  it("holds at most threshold entries per group: it fires and forgets them on reaching it", () => {
    const fifty = correlation(`
title: fifty
id: fifty
correlation: { type: event_count, rules: [ssh_failed], group-by: [source.ip], timespan: 1d, condition: { gte: 50 } }
`);
    const key = groupKey("fifty", ["203.0.113.9"]);
    const inputs = times(50, SECOND).map((t) => failed(t));
    const before = run([fifty], inputs.slice(0, 49)).state[key];
    expect(before?.type === "event_count" && before.times.length).toBe(49);
    const after = run([fifty], inputs).state[key];
    expect(after?.type === "event_count" && after.times).toEqual([]);
  });

  it("keeps one more entry than the threshold when the condition cannot hold on arrival", () => {
    const never = correlation(`
title: never
id: never
correlation: { type: event_count, rules: [ssh_failed], group-by: [source.ip], timespan: 1d, condition: { eq: 0 } }
`);
    const group = run(
      [never],
      times(100, SECOND).map((t) => failed(t)),
    ).state[groupKey("never", ["203.0.113.9"])];
    expect(group?.type === "event_count" && group.times).toEqual([T0 + 99 * SECOND]);
  });

  it("ignores inputs without a group-by value instead of pooling them", () => {
    const inputs = times(5, SECOND).map((t) => match("ssh-failed", t, { user: "root" }, "ssh_failed"));
    expect(run([BRUTE_FORCE], inputs)).toEqual({ state: {}, firings: [], additions: [] });
  });

  it("counts an event once even when it matches two of the referenced rules", () => {
    const either = correlation(`
title: either
id: either
correlation: { type: event_count, rules: [a, b], group-by: [host], timespan: 1m, condition: { gte: 2 } }
`);
    const event = syntheticEvent(T0, { host: "web1" });
    const inputs = [
      { ruleId: "a", ruleName: null, event },
      { ruleId: "b", ruleName: null, event },
    ];
    expect(run([either], inputs).firings).toEqual([]);
  });

  it("drops a group saved for an older version of the rule that had another type", () => {
    const key = groupKey("brute-force", ["203.0.113.9"]);
    const stale: CorrelationState = {
      [key]: { type: "temporal", seen: [T0], mutedUntil: null, expiresAt: T0 + MINUTE },
    };
    const { state } = run([BRUTE_FORCE], [failed(T0 + SECOND)], stale);
    expect(state[key]).toEqual({
      type: "event_count",
      times: [T0 + SECOND],
      mutedUntil: null,
      expiresAt: T0 + 61 * SECOND,
      refs: { kept: [], skipped: null },
    });
  });
});

describe("the stored events of a correlation", () => {
  const stored = (input: CorrelationInput, batchId: string, index: number, host = "DC01"): CorrelationInput => ({
    ...input,
    ref: [batchId, index, input.event.ts, host],
  });
  const burst = (batchId: string, from: number, n: number, host = "DC01") =>
    times(n, SECOND, from).map((t, i) => stored(failed(t), batchId, i, host));

  function feedBatches(batches: CorrelationInput[][], rules = [BRUTE_FORCE]) {
    let state: CorrelationState = {};
    const firings = [];
    const additions = [];
    for (const batch of batches) {
      const result = advanceCorrelations(rules, state, batch, FIELD_MAP);
      state = JSON.parse(JSON.stringify(result.state));
      firings.push(...result.firings);
      additions.push(...result.additions);
    }
    return { state, firings, additions };
  }

  it("names every event of the window that fired, from each batch that brought one, and their host", () => {
    const { firings } = feedBatches([
      burst("b1", T0, 2),
      burst("b2", T0 + 10 * SECOND, 2),
      burst("b3", T0 + 20 * SECOND, 1),
    ]);
    expect(firings).toHaveLength(1);
    expect(firings[0]?.events.kept.map(([batch, index]) => `${batch}/${index}`)).toEqual([
      "b1/0",
      "b1/1",
      "b2/0",
      "b2/1",
      "b3/0",
    ]);
    expect(firings[0]?.host).toBe("DC01");
  });

  it("names no host when the window's events are of several", () => {
    const { firings } = feedBatches([burst("b1", T0, 3, "DC01"), burst("b2", T0 + 10 * SECOND, 2, "DC02")]);
    expect(firings[0]?.host).toBeNull();
  });

  it("leaves out the events the window slid past", () => {
    const { firings } = feedBatches([burst("b1", T0, 4), burst("b2", T0 + 2 * MINUTE, 5)]);
    expect(firings[0]?.events.kept.map(([batch]) => batch)).toEqual(["b2", "b2", "b2", "b2", "b2"]);
  });

  it("adds the events of the quiet timespan after firing to the alert it raised, with how many came before", () => {
    const { firings, additions, state } = feedBatches([burst("b1", T0, 5), burst("b2", T0 + 10 * SECOND, 36)]);
    expect(firings).toHaveLength(1);
    expect(additions).toHaveLength(36);
    expect(additions[0]).toMatchObject({ rule: { id: "brute-force" }, host: "DC01", firstTs: T0, addedBefore: 0 });
    expect(additions.at(-1)?.addedBefore).toBe(35);
    expect(additions.at(-1)?.events.kept).toEqual([["b2", 35, T0 + 45 * SECOND, "DC01"]]);
    expect(Object.values(state)[0]).toMatchObject({ raised: { host: "DC01", firstTs: T0, added: 36 } });
  });

  it("carries a firing's events into the correlation it feeds", () => {
    const chain = correlation(`
title: Brute force then a logon
id: chain
correlation:
  type: temporal_ordered
  rules: [ssh_brute_force, ssh_accepted]
  group-by: [source.ip]
  timespan: 5m
`);
    const { firings } = feedBatches(
      [burst("b1", T0, 5), [stored(accepted(T0 + MINUTE), "b2", 0)]],
      [BRUTE_FORCE, chain],
    );
    const chained = firings.find((f) => f.rule.id === "chain");
    expect(chained?.events.kept.map(([batch, index]) => `${batch}/${index}`)).toEqual([
      "b1/0",
      "b1/1",
      "b1/2",
      "b1/3",
      "b1/4",
      "b2/0",
    ]);
  });

  it("loads a group saved before events were kept, and keeps them from then on", () => {
    const key = groupKey("brute-force", ["203.0.113.9"]);
    const saved: CorrelationState = {
      [key]: { type: "event_count", times: [T0, T0 + SECOND], mutedUntil: null, expiresAt: T0 + MINUTE },
    };
    const { firings } = run([BRUTE_FORCE], burst("b9", T0 + 2 * SECOND, 3), saved);
    expect(firings).toHaveLength(1);
    expect(firings[0]?.value).toBe(5);
    expect(firings[0]?.events.kept.map(([batch, index]) => `${batch}/${index}`)).toEqual(["b9/0", "b9/1", "b9/2"]);
  });

  it("adds nothing for a group muted before the alert's identity was kept", () => {
    const key = groupKey("brute-force", ["203.0.113.9"]);
    const saved: CorrelationState = {
      [key]: { type: "event_count", times: [], mutedUntil: T0 + MINUTE, expiresAt: T0 + MINUTE },
    };
    expect(run([BRUTE_FORCE], burst("b9", T0, 3), saved).additions).toEqual([]);
  });
});

describe("value_count", () => {
  const SPRAY = correlation(`
title: Password spray
id: spray
correlation:
  type: value_count
  rules: [ssh_failed]
  group-by: [source.ip]
  timespan: 5m
  condition: { field: user, gte: 3 }
`);

  it("fires on enough distinct values, not on repeats of one", () => {
    const repeats = times(10, SECOND).map((t) => failed(t, "203.0.113.9", "root"));
    expect(run([SPRAY], repeats).firings).toEqual([]);
    const users = ["root", "admin", "root", "oracle"].map((user, i) => failed(T0 + i * SECOND, "203.0.113.9", user));
    // firstTs is the earliest of each value's latest sighting: root was seen again at 2s.
    expect(run([SPRAY], users).firings).toMatchObject([{ value: 3, firstTs: T0 + SECOND, lastTs: T0 + 3 * SECOND }]);
  });

  it("forgets values seen before the timespan", () => {
    const users = [
      failed(T0, "203.0.113.9", "root"),
      failed(T0 + 6 * MINUTE, "203.0.113.9", "admin"),
      failed(T0 + 7 * MINUTE, "203.0.113.9", "oracle"),
    ];
    expect(run([SPRAY], users).firings).toEqual([]);
  });
});

describe("value_sum, value_avg and value_percentile (the specification's examples)", () => {
  const access = (at: number, bytes: FieldValue, ip = "10.0.0.5", user = "alice") =>
    match("web", at, { SourceIP: ip, User: user, bytes_sent: bytes, BytesOut: bytes }, "website_access");
  const process = (at: number, image: string, computer = "WS01") =>
    match("proc", at, { ComputerName: computer, image }, "process_creation");

  const EXFILTRATION = correlation(`
title: Possible Exfiltration to Website
id: exfiltration
correlation:
  type: value_sum
  rules: [website_access]
  group-by: [SourceIP, User]
  timespan: 1h
  condition: { field: bytes_sent, gt: 1000000 }
`);
  const AVERAGE = correlation(`
title: Suspicious average network traffic
id: average
correlation:
  type: value_avg
  rules: [website_access]
  group-by: [SourceIP, User]
  timespan: 24h
  condition: { field: BytesOut, gt: 500 }
`);
  const RARE_PROCESS = correlation(`
title: A computer spawned a process name that is under 1% of its processes in 24h
id: rare-process
correlation:
  type: value_percentile
  rules: [process_creation]
  group-by: [ComputerName]
  timespan: 24h
  condition: { field: image, lte: 1 }
`);

  it("value_sum fires when a group's values add up past the limit within the timespan", () => {
    const inputs = [400_000, 350_000, 300_000].map((bytes, i) => access(T0 + i * MINUTE, bytes));
    expect(run([EXFILTRATION], inputs).firings).toMatchObject([
      { value: 1_050_000, firstTs: T0, lastTs: T0 + 2 * MINUTE, group: { SourceIP: "10.0.0.5", User: "alice" } },
    ]);
    const spread = [400_000, 350_000, 300_000].map((bytes, i) => access(T0 + i * 40 * MINUTE, bytes));
    expect(run([EXFILTRATION], spread).firings).toEqual([]);
  });

  it("value_sum adds numbers written as text, skips values that are not numbers, and keeps groups apart", () => {
    const inputs = [
      access(T0, "600000"),
      access(T0 + SECOND, "-"),
      access(T0 + 2 * SECOND, 600_000, "10.0.0.6"),
      access(T0 + 3 * SECOND, 500_000),
    ];
    expect(run([EXFILTRATION], inputs).firings).toMatchObject([{ value: 1_100_000, group: { SourceIP: "10.0.0.5" } }]);
  });

  it("value_avg fires on the mean of the window's values", () => {
    expect(run([AVERAGE], [access(T0, 200), access(T0 + MINUTE, 700)]).firings).toEqual([]);
    expect(
      run([AVERAGE], [access(T0, 200), access(T0 + MINUTE, 700), access(T0 + 2 * MINUTE, 900)]).firings,
    ).toMatchObject([{ value: 600 }]);
  });

  it("value_percentile fires when the newest value is at most that share of the group's values", () => {
    const common = times(150, MINUTE).map((t) => process(t, "C:\\Windows\\System32\\svchost.exe"));
    const rare = process(T0 + 151 * MINUTE, "C:\\Users\\Public\\x.exe");
    const { firings } = run([RARE_PROCESS], [...common, rare]);
    expect(firings).toHaveLength(1);
    expect(firings[0]?.value).toBeCloseTo(100 / 151);
    expect(firings[0]?.lastEvent).toBe(rare.event);
    // The same rare name on a computer that has run little else is not rare there.
    expect(run([RARE_PROCESS], [process(T0, "a.exe", "WS02"), process(T0 + MINUTE, "x.exe", "WS02")]).firings).toEqual(
      [],
    );
  });

  it("gives the same firings across batches as in one, with the items kept as JSON", () => {
    const inputs = [300_000, 300_000, 300_000, 300_000].map((bytes, i) => access(T0 + i * MINUTE, bytes));
    const whole = run([EXFILTRATION], inputs).firings.map((f) => [f.firstTs, f.lastTs, f.value]);
    const split = runInBatches([EXFILTRATION], [inputs.slice(0, 1), inputs.slice(1, 3), inputs.slice(3)]);
    expect(split.firings.map((f) => [f.firstTs, f.lastTs, f.value])).toEqual(whole);
    expect(whole).toEqual([[T0, T0 + 3 * MINUTE, 1_200_000]]);
  });
});

describe("temporal and temporal_ordered", () => {
  const RECON = correlation(`
title: Recon
id: recon
correlation: { type: temporal, rules: [whoami, net_group, nltest], group-by: [host], timespan: 5m }
`);
  const recon = (rule: string, at: number) => match(rule, at, { host: "pc1" });

  it("temporal fires when every rule matched within the timespan, in any order", () => {
    const { firings } = run(
      [RECON],
      [recon("nltest", T0), recon("whoami", T0 + MINUTE), recon("net_group", T0 + 2 * MINUTE)],
    );
    expect(firings).toMatchObject([{ value: 3, firstTs: T0, lastTs: T0 + 2 * MINUTE, group: { host: "pc1" } }]);
  });

  it("temporal stays quiet when one rule matched outside the timespan", () => {
    const inputs = [recon("nltest", T0), recon("whoami", T0 + 4 * MINUTE), recon("net_group", T0 + 6 * MINUTE)];
    expect(run([RECON], inputs).firings).toEqual([]);
  });

  it("temporal with a condition needs only that many of the rules", () => {
    const twoOfThree = correlation(`
title: Recon 2 of 3
id: recon2
correlation: { type: temporal, rules: [whoami, net_group, nltest], group-by: [host], timespan: 5m, condition: { gte: 2 } }
`);
    expect(run([twoOfThree], [recon("nltest", T0), recon("whoami", T0 + MINUTE)]).firings).toHaveLength(1);
  });

  const FAIL_THEN_SUCCESS = correlation(`
title: Failure then success
id: fail-success
correlation: { type: temporal_ordered, rules: [ssh_failed, ssh_accepted], group-by: [source.ip], timespan: 10m }
`);

  it("temporal_ordered fires when the rules match in the listed order", () => {
    expect(run([FAIL_THEN_SUCCESS], [failed(T0), accepted(T0 + MINUTE)]).firings).toMatchObject([
      { value: 2, firstTs: T0, lastTs: T0 + MINUTE },
    ]);
  });

  it("temporal_ordered stays quiet for the reverse order and for gaps wider than the timespan", () => {
    expect(run([FAIL_THEN_SUCCESS], [accepted(T0), failed(T0 + MINUTE)]).firings).toEqual([]);
    expect(run([FAIL_THEN_SUCCESS], [failed(T0), accepted(T0 + 11 * MINUTE)]).firings).toEqual([]);
  });

  it("temporal_ordered keeps no group for a later rule that matched with nothing before it", () => {
    expect(run([FAIL_THEN_SUCCESS], [accepted(T0)]).state).toEqual({});
  });

  it("temporal_ordered needs two events when one rule is listed twice", () => {
    const twice = correlation(`
title: twice
id: twice
correlation: { type: temporal_ordered, rules: [ssh_failed, ssh_failed], group-by: [source.ip], timespan: 1m }
`);
    expect(run([twice], [failed(T0)]).firings).toEqual([]);
    expect(run([twice], [failed(T0), failed(T0 + SECOND)]).firings).toHaveLength(1);
  });

  it("reads group-by values through each rule's alias (spec example)", () => {
    const aliased = correlation(`
title: Internal error then connection back
id: aliased
correlation:
  type: temporal
  rules: [internal_error, new_network_connection]
  group-by: [internal_ip, remote_ip]
  timespan: 10s
  aliases:
    internal_ip: { internal_error: destination.ip, new_network_connection: source.ip }
    remote_ip: { internal_error: source.ip, new_network_connection: destination.ip }
`);
    const error = match("e1", T0, { "source.ip": "198.51.100.7", "destination.ip": "10.0.0.5" }, "internal_error");
    const back = (to: string) =>
      match("c1", T0 + SECOND, { "source.ip": "10.0.0.5", "destination.ip": to }, "new_network_connection");
    expect(run([aliased], [error, back("198.51.100.7")]).firings).toMatchObject([
      { group: { internal_ip: "10.0.0.5", remote_ip: "198.51.100.7" } },
    ]);
    expect(run([aliased], [error, back("198.51.100.8")]).firings).toEqual([]);
  });
});

describe("chained correlations", () => {
  const BRUTE_THEN_LOGIN = correlation(`
title: Login after brute force
id: brute-then-login
correlation:
  type: temporal_ordered
  rules: [ssh_brute_force, ssh_accepted]
  group-by: [source.ip]
  timespan: 10m
`);

  it("feeds a correlation's firing to the correlation that references it, which alone alerts", () => {
    const inputs = [...times(6, SECOND).map((t) => failed(t)), accepted(T0 + 2 * MINUTE)];
    const { firings } = run([BRUTE_THEN_LOGIN, BRUTE_FORCE], inputs);
    expect(firings.map((f) => [f.rule.id, f.alert, f.firstTs, f.lastTs])).toEqual([
      ["brute-force", false, T0, T0 + 4 * SECOND],
      ["brute-then-login", true, T0 + 4 * SECOND, T0 + 2 * MINUTE],
    ]);
  });

  it("lets the referenced correlation alert too when the chain says generate: true", () => {
    const generating = { ...BRUTE_THEN_LOGIN, generate: true };
    const inputs = [...times(5, SECOND).map((t) => failed(t)), accepted(T0 + MINUTE)];
    expect(run([generating, BRUTE_FORCE], inputs).firings.map((f) => f.alert)).toEqual([true, true]);
  });

  it("does not fire on a successful login without a burst before it", () => {
    const inputs = [...times(3, SECOND).map((t) => failed(t)), accepted(T0 + MINUTE)];
    expect(run([BRUTE_THEN_LOGIN, BRUTE_FORCE], inputs).firings).toEqual([]);
  });

  it("stops at a reference cycle instead of looping", () => {
    const a = correlation(
      "title: a\nid: a\ncorrelation: { type: event_count, rules: [b, x], timespan: 1m, condition: { gte: 1 } }",
    );
    const b = correlation(
      "title: b\nid: b\ncorrelation: { type: event_count, rules: [a], timespan: 1m, condition: { gte: 1 } }",
    );
    const { firings } = run([a, b], [match("x", T0, {})]);
    expect(firings.map((f) => f.rule.id)).toEqual(["a", "b"]);
  });
});

describe("state per group, for storage", () => {
  const rules = [
    BRUTE_FORCE,
    correlation(`
title: Login after brute force
id: brute-then-login
correlation: { type: temporal_ordered, rules: [ssh_brute_force, ssh_accepted], group-by: [source.ip], timespan: 10m }
`),
  ];

  it("names every group a batch can touch, chained correlations included", () => {
    const keys = groupKeysOf(rules, [failed(T0, "198.51.100.1"), accepted(T0, "198.51.100.2")], FIELD_MAP);
    expect(keys.sort()).toEqual(
      [
        groupKey("brute-force", ["198.51.100.1"]),
        groupKey("brute-then-login", ["198.51.100.1"]),
        groupKey("brute-then-login", ["198.51.100.2"]),
      ].sort(),
    );
    expect(keys.map(ruleIdOfGroupKey).sort()).toEqual(["brute-force", "brute-then-login", "brute-then-login"]);
  });

  it("loads only the touched groups, and says which to write back and which to delete", () => {
    const first = run(rules, [...times(3, SECOND).map((t) => failed(t, "198.51.100.1")), failed(T0, "198.51.100.2")]);
    const batch = [failed(T0 + 10 * MINUTE, "198.51.100.1")];
    const loaded = pickGroups(first.state, groupKeysOf(rules, batch, FIELD_MAP));
    expect(Object.keys(loaded)).toEqual([groupKey("brute-force", ["198.51.100.1"])]);
    const next = run(rules, batch, loaded);
    const changes = groupChanges(loaded, next.state);
    expect(Object.keys(changes.upsert)).toEqual([groupKey("brute-force", ["198.51.100.1"])]);
    expect(changes.upsert[groupKey("brute-force", ["198.51.100.1"])]).toMatchObject({
      times: [T0 + 10 * MINUTE],
      expiresAt: T0 + 11 * MINUTE,
    });
    expect(changes.remove).toEqual([]);
  });

  it("reports a group emptied by the batch for deletion", () => {
    const fired = run(
      [BRUTE_FORCE],
      times(5, SECOND).map((t) => failed(t)),
    );
    const key = groupKey("brute-force", ["203.0.113.9"]);
    expect(fired.state[key]).toMatchObject({ mutedUntil: T0 + 64 * SECOND });
    const spray = correlation(`
title: spray
id: brute-force
correlation: { type: value_count, rules: [ssh_failed], group-by: [source.ip], timespan: 1m, condition: { field: nothing, gte: 2 } }
`);
    const next = run([spray], [failed(T0 + 10 * MINUTE)], fired.state);
    expect(groupChanges(fired.state, next.state)).toEqual({ upsert: {}, remove: [key] });
  });

  it("leaves the state it was given untouched", () => {
    const state: CorrelationState = {};
    run([BRUTE_FORCE], [failed(T0)], state);
    expect(state).toEqual({});
  });
});
