import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { isCompileError, parseCorrelationRule } from "../../../../worker/detect/correlation/parse.ts";
import type { CompileError, CorrelationRule } from "../../../../worker/detect/types.ts";

function parse(yaml: string): CorrelationRule | CompileError {
  return parseCorrelationRule(load(yaml) as Record<string, unknown>, "rules/sigma/mr_test.yml", 7);
}

function rule(yaml: string): CorrelationRule {
  const result = parse(yaml);
  if (isCompileError(result)) expect.fail(`expected a correlation, got: ${result.reason}`);
  return result;
}

function reason(yaml: string): string {
  const result = parse(yaml);
  if (!isCompileError(result)) expect.fail("expected a compile error");
  return result.reason;
}

const EVENT_COUNT = `
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
name: many_failed_logins
status: experimental
description: Counts failed logins per host
author: EdgeSIEM
references: [https://example.org/ref]
tags: [attack.credential-access, attack.t1110]
falsepositives: [Misconfigured service]
level: high
correlation:
  type: event_count
  rules:
    - 5638f7c0-ac70-491d-8465-2a65075e0d86
  group-by:
    - ComputerName
  timespan: 1h
  condition:
    gte: 100
`;

describe("parseCorrelationRule", () => {
  it("reads an event_count correlation and its meta fields (spec example)", () => {
    expect(rule(EVENT_COUNT)).toEqual({
      info: {
        id: "0e95725d-7320-415d-80f7-004da920fc11",
        name: "many_failed_logins",
        title: "Many failed logins",
        level: "high",
        tags: ["attack.credential-access", "attack.t1110"],
        kind: "sigma",
        origin: "rules/sigma/mr_test.yml",
        description: "Counts failed logins per host",
        status: "experimental",
        author: "EdgeSIEM",
        references: ["https://example.org/ref"],
        falsepositives: ["Misconfigured service"],
        fields: [],
      },
      type: "event_count",
      rules: ["5638f7c0-ac70-491d-8465-2a65075e0d86"],
      groupBy: ["ComputerName"],
      timespanMs: 3_600_000,
      condition: { op: "gte", value: 100, field: null },
      aliases: {},
      generate: false,
    });
  });

  it("reads value_count's field, temporal types without a condition, aliases and generate", () => {
    expect(
      rule(`
title: Failed login
id: v1
correlation:
  type: value_count
  rules: failed_login
  group-by: [ComputerName, WorkstationName]
  timespan: 1d
  condition: { field: User, gt: 100 }
`),
    ).toMatchObject({
      type: "value_count",
      rules: ["failed_login"],
      condition: { op: "gt", value: 100, field: "User" },
    });
    expect(
      rule(`
title: Internal error then connection
id: t1
correlation:
  type: temporal_ordered
  rules: [internal_error, new_network_connection]
  group-by: [internal_ip]
  timespan: 10s
  generate: true
  aliases:
    internal_ip:
      internal_error: destination.ip
      new_network_connection: source.ip
`),
    ).toMatchObject({
      type: "temporal_ordered",
      condition: null,
      timespanMs: 10_000,
      generate: true,
      aliases: { internal_ip: { internal_error: "destination.ip", new_network_connection: "source.ip" } },
    });
  });

  it("defaults to level medium, no group-by, and the name as id when there is no id", () => {
    expect(
      rule(`
title: Recon burst
name: recon_burst
correlation: { type: temporal, rules: [a, b], timespan: 5m }
`),
    ).toMatchObject({ info: { id: "recon_burst", level: "medium" }, groupBy: [] });
  });

  it("converts every timespan unit to milliseconds", () => {
    const ms = (span: string) =>
      rule(`title: t\nid: x\ncorrelation: { type: temporal, rules: [a], timespan: ${span} }`).timespanMs;
    expect([ms("30s"), ms("5m"), ms("2h"), ms("1d"), ms("1w")]).toEqual([
      30_000, 300_000, 7_200_000, 86_400_000, 604_800_000,
    ]);
  });

  it("supports all six comparison operators", () => {
    for (const op of ["gt", "gte", "lt", "lte", "eq", "neq"]) {
      const parsed = rule(
        `title: t\nid: x\ncorrelation: { type: event_count, rules: [a], timespan: 1m, condition: { ${op}: 3 } }`,
      );
      expect(parsed.condition).toEqual({ op, value: 3, field: null });
    }
  });

  it("reports what is wrong, with the document's origin, line and id", () => {
    expect(parse(`title: t\nid: abc\ncorrelation: { type: event_count, rules: [a], timespan: 1m }`)).toEqual({
      origin: "rules/sigma/mr_test.yml",
      line: 7,
      ruleId: "abc",
      reason: "event_count correlations need a 'condition'",
    });
    const bad = (section: string) => reason(`title: t\nid: x\ncorrelation: ${section}`);
    expect(bad("{ rules: [a], timespan: 1m }")).toBe("'correlation.type' is missing");
    expect(bad("{ type: value_sum, rules: [a], timespan: 1m, condition: { gt: 1 } }")).toMatch(
      /a value_sum correlation needs 'condition.field'/,
    );
    expect(bad("{ type: value_percentile, rules: [a], timespan: 1m, condition: { field: b, lte: 101 } }")).toMatch(
      /a percentage, 0 to 100/,
    );
    expect(bad("{ type: counting, rules: [a], timespan: 1m }")).toMatch(/'counting' is not a correlation type/);
    expect(bad("{ type: temporal, rules: [], timespan: 1m }")).toBe("'correlation.rules' must name at least one rule");
    expect(bad("{ type: temporal, rules: [a] }")).toBe("'correlation.timespan' is missing");
    expect(bad("{ type: temporal, rules: [a], timespan: 1M }")).toMatch(/unit 'M' is not one of s, m, h, d, w/);
    expect(bad("{ type: temporal, rules: [a], timespan: 0s }")).toMatch(/longer than zero/);
    expect(bad("{ type: temporal, rules: [a], timespan: 5 }")).toMatch(/not a number and a unit/);
    expect(bad("{ type: event_count, rules: [a], timespan: 1m, condition: { gt: 1, lte: 5 } }")).toMatch(
      /exactly one of .*ranges are not supported/,
    );
    expect(bad("{ type: event_count, rules: [a], timespan: 1m, condition: { above: 1 } }")).toMatch(
      /unknown condition key 'above'/,
    );
    expect(bad("{ type: event_count, rules: [a], timespan: 1m, condition: { gte: -1 } }")).toMatch(/zero or more/);
    expect(bad("{ type: event_count, rules: [a], timespan: 1m, condition: { gte: 20000 } }")).toMatch(/above 10000/);
    expect(bad("{ type: value_count, rules: [a], timespan: 1m, condition: { gte: 2 } }")).toMatch(
      /needs 'condition.field'/,
    );
    expect(bad("{ type: event_count, rules: [a], timespan: 1m, condition: { gte: 2, field: u } }")).toMatch(
      /only used by value_count, value_sum, value_avg, value_percentile, not event_count/,
    );
    expect(bad("{ type: temporal, rules: [a, b], timespan: 1m, condition: { gte: 3 } }")).toMatch(
      /exceeds the 2 rules listed/,
    );
    expect(bad("{ type: temporal, rules: [a], timespan: 1m, groupby: [x] }")).toMatch(
      /unknown key 'correlation.groupby'/,
    );
    expect(bad("{ type: temporal, rules: [a], timespan: 1m, generate: yes please }")).toMatch(/true or false/);
    expect(bad("{ type: temporal, rules: [a], timespan: 1m, aliases: { ip: [a] } }")).toMatch(
      /alias 'ip' must map rule names to field names/,
    );
    expect(reason("id: x\ncorrelation: { type: temporal, rules: [a], timespan: 1m }")).toBe("'title' is missing");
    expect(reason("title: t\ncorrelation: { type: temporal, rules: [a], timespan: 1m }")).toMatch(/needs an 'id'/);
    expect(reason("title: t\nid: x\nlevel: severe\ncorrelation: { type: temporal, rules: [a], timespan: 1m }")).toMatch(
      /'level' must be one of/,
    );
  });
});
