import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../../../worker/detect/compile-rule-set.ts";
import { LOGSOURCES } from "../../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../../worker/sources/field-map.ts";
import { dedent, processEvent, sigmaSet } from "./support.ts";

const RULE_ID = "6f3e2987-db24-4c78-a860-b4f4095a7095";

const rarRule = dedent(`
  title: Data Compressed - rar.exe
  id: ${RULE_ID}
  name: rar_compression
  logsource:
      category: process_creation
      product: windows
  detection:
      selection:
          Image|endswith: '\\rar.exe'
      condition: selection
  level: low
`);

const filter = (rules: string, logsource = "category: process_creation\n    product: windows") => `
title: Filter Administrator account
logsource:
    ${logsource}
filter:
    rules:
${rules}
    selection:
        User|startswith: 'adm_'
    condition: selection
`;

const byAdmin = processEvent({ Image: "C:\\rar.exe", User: "adm_alice" });
const byUser = processEvent({ Image: "C:\\rar.exe", User: "bob" });

describe("meta filters", () => {
  it("add 'and not <filter>' to the rules they name by id", () => {
    const set = sigmaSet(`${rarRule}\n---${filter(`        - ${RULE_ID}`)}`);
    expect(set.errors).toEqual([]);
    expect(set.matchAll([byAdmin, byUser]).map((match) => match.eventIndex)).toEqual([1]);
  });

  it("name rules by name too, across sources", () => {
    const set = compileRuleSet(
      [
        { origin: "rule.yml", kind: "sigma", text: rarRule },
        { origin: "filter.yml", kind: "sigma", text: filter("        - rar_compression") },
      ],
      { logsources: LOGSOURCES, fieldMap: FIELD_MAP },
    );
    expect(set.matchAll([byAdmin, byUser]).map((match) => match.eventIndex)).toEqual([1]);
  });

  it("leave rules alone when the filter's log source does not cover theirs", () => {
    const set = sigmaSet(
      `${rarRule}\n---${filter(`        - ${RULE_ID}`, "category: file_event\n    product: windows")}`,
    );
    expect(set.matchAll([byAdmin, byUser]).map((match) => match.eventIndex)).toEqual([0, 1]);
  });

  it("report a rule they name that the set does not have", () => {
    const set = sigmaSet(filter("        - no-such-rule"));
    expect(set.errors).toEqual([
      {
        origin: "test.yml",
        line: 2,
        ruleId: null,
        reason:
          "filter 'Filter Administrator account' names rule 'no-such-rule', which is not a Sigma rule of this set",
      },
    ]);
  });
});

describe("rules referenced by correlations", () => {
  const correlation = (generate: string) => `
title: Repeated compression
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - rar_compression
    group-by:
        - User
    timespan: 5m
    condition:
        gte: 3
${generate}`;

  it("do not alert on their own", () => {
    const set = sigmaSet(`${rarRule}\n---${correlation("")}`);
    expect(set.errors).toEqual([]);
    expect(set.correlations).toHaveLength(1);
    expect(set.match(byUser)).toEqual([expect.objectContaining({ alert: false })]);
  });

  it("alert on their own when the correlation says generate: true", () => {
    const set = sigmaSet(`${rarRule}\n---${correlation("    generate: true\n")}`);
    expect(set.errors).toEqual([]);
    expect(set.match(byUser)).toEqual([expect.objectContaining({ alert: true })]);
  });

  it("alert normally when no correlation names them", () => {
    expect(sigmaSet(rarRule).match(byUser)).toEqual([expect.objectContaining({ alert: true, eventIndex: 0 })]);
  });
});
