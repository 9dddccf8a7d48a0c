import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../../../worker/detect/compile-rule-set.ts";
import { LOGSOURCES } from "../../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../../worker/sources/field-map.ts";
import { compileErrors, dedent, processEvent, processRule, sigmaSet } from "./support.ts";

const whoami = (id: string) => processRule("sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel", id);
const ID_A = "11111111-1111-4111-8111-111111111111";
const ID_B = "22222222-2222-4222-8222-222222222222";

describe("YAML errors", () => {
  it("report the line js-yaml marks", () => {
    const text = "title: broken\nlogsource:\n  product: windows\ndetection: [\nsel: x\n";
    const [error] = compileErrors(text);
    expect(error?.line).toBe(5);
    expect(error?.reason).toMatch(/^YAML syntax error: /);
  });

  it("only cost the document they are in", () => {
    const text = `${whoami(ID_A)}---\ntitle: broken\ndetection: [\n---\n${whoami(ID_B)}`;
    const set = sigmaSet(text);
    expect(set.rules.map((rule) => rule.id)).toEqual([ID_A, ID_B]);
    expect(set.errors).toHaveLength(1);
    expect(set.errors[0]?.line).toBe(14);
  });

  it("a duplicate key is an error on its line", () => {
    const text = processRule("sel:\n  Image: a\nsel:\n  Image: b\ncondition: sel");
    expect(compileErrors(text)).toEqual([{ line: 9, reason: "duplicate key 'sel'" }]);
  });
});

describe("missing parts", () => {
  it("a rule without title, detection or condition is an error naming what is missing", () => {
    const noTitle = "logsource:\n  product: windows\ndetection:\n  sel:\n    A: 1\n  condition: sel\n";
    const noDetection = "title: x\nlogsource:\n  product: windows\n";
    const noCondition = "title: x\nlogsource:\n  product: windows\ndetection:\n  sel:\n    A: 1\n";
    expect(compileErrors(noTitle)).toEqual([{ line: 1, reason: "missing title" }]);
    expect(compileErrors(noDetection)).toEqual([{ line: 1, reason: "missing detection" }]);
    expect(compileErrors(noCondition)).toEqual([{ line: 5, reason: "detection has no condition" }]);
  });

  it("an unknown level is an error on its line", () => {
    const text = `${whoami(ID_A).replace("level: high", "level: severe")}`;
    expect(compileErrors(text)).toEqual([{ line: 10, reason: expect.stringContaining("unknown level 'severe'") }]);
  });

  it("legacy rule collections are refused, not misread", () => {
    expect(compileErrors(`action: global\n${whoami(ID_A)}`)[0]?.reason).toContain("legacy Sigma rule collections");
  });
});

describe("a rule set with failures", () => {
  it("keeps every rule that compiles and reports each that does not, with its id", () => {
    const bad = processRule("sel:\n  Image|nope: x\ncondition: sel", ID_B);
    const set = compileRuleSet(
      [
        { origin: "good.yml", kind: "sigma", text: whoami(ID_A) },
        { origin: "bad.yml", kind: "sigma", text: bad },
      ],
      { logsources: LOGSOURCES, fieldMap: FIELD_MAP },
    );
    expect(set.rules.map((rule) => rule.id)).toEqual([ID_A]);
    expect(set.errors).toEqual([
      { origin: "bad.yml", line: 8, ruleId: ID_B, reason: "unknown modifier 'nope' in 'Image|nope'" },
    ]);
    expect(set.match(processEvent({ Image: "C:\\Windows\\whoami.exe" }))).toHaveLength(1);
  });

  it("reports a repeated rule id on the later rule and keeps the first", () => {
    const set = compileRuleSet(
      [
        { origin: "first.yml", kind: "sigma", text: whoami(ID_A) },
        { origin: "second.yml", kind: "sigma", text: whoami(ID_A) },
      ],
      { logsources: LOGSOURCES, fieldMap: FIELD_MAP },
    );
    expect(set.rules.map((rule) => rule.origin)).toEqual(["first.yml"]);
    expect(set.errors).toEqual([
      {
        origin: "second.yml",
        line: 1,
        ruleId: ID_A,
        reason: `duplicate rule id '${ID_A}' (already defined in first.yml); this rule is skipped`,
      },
    ]);
  });

  it("a rule's metadata is carried into its RuleInfo", () => {
    const text = dedent(`
      title: Whoami
      id: ${ID_A}
      name: whoami_exec
      status: test
      description: Finds whoami
      author: A, B
      references:
          - https://example.org
      tags:
          - attack.discovery
          - attack.t1033
      logsource:
          product: windows
          category: process_creation
      detection:
          sel:
              Image|endswith: '\\whoami.exe'
          condition: sel
      fields:
          - CommandLine
      falsepositives:
          - Admins
      level: low
    `);
    const [info] = sigmaSet(text).rules;
    expect(info).toEqual({
      id: ID_A,
      name: "whoami_exec",
      title: "Whoami",
      level: "low",
      tags: ["attack.discovery", "attack.t1033"],
      kind: "sigma",
      origin: "test.yml",
      description: "Finds whoami",
      status: "test",
      author: "A, B",
      references: ["https://example.org"],
      falsepositives: ["Admins"],
      fields: ["CommandLine"],
    });
  });
});
