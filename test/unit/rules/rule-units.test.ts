import { describe, expect, it } from "vitest";
import { simpleRuleId } from "../../../worker/detect/simple/rule-id.ts";
import { hasCorrelation, ruleUnits, sigmaRuleId } from "../../../worker/rules/rule-units.ts";

describe("sigmaRuleId", () => {
  it("reads the id of the first document that has one", () => {
    const text = "action: global\n---\ntitle: A\nid: 11111111-2222-3333-4444-555555555555\n---\ntitle: B\nid: other\n";
    expect(sigmaRuleId(text)).toBe("11111111-2222-3333-4444-555555555555");
  });

  it("answers null for YAML that does not parse or has no id", () => {
    expect(sigmaRuleId("title: [unclosed")).toBeNull();
    expect(sigmaRuleId("title: no id here\n")).toBeNull();
  });
});

describe("ruleUnits", () => {
  it("makes one unit of a whole Sigma file", () => {
    const units = ruleUnits({ origin: "rules/sigma/a.yml", kind: "sigma", text: "title: A\nid: abc\n" });
    expect(units).toEqual([
      { id: "abc", kind: "sigma", origin: "rules/sigma/a.yml", line: null, text: "title: A\nid: abc\n" },
    ]);
  });

  it("makes one unit per simple-rule line, with its line number, skipping comments and blanks", () => {
    const text = "# comment\n- 'whoami*/all'\n\n- 'vssadmin*delete'  # level: high\n";
    const units = ruleUnits({ origin: "rules/simple.txt", kind: "simple", text });
    expect(units.map((u) => [u.id, u.line, u.text])).toEqual([
      [simpleRuleId("whoami*/all"), 2, "- 'whoami*/all'"],
      [simpleRuleId("vssadmin*delete"), 4, "- 'vssadmin*delete'  # level: high"],
    ]);
  });
});

describe("hasCorrelation", () => {
  it("tells a Sigma correlation text from a detection one", () => {
    expect(hasCorrelation({ origin: "x", kind: "sigma", text: "title: C\ncorrelation:\n  type: event_count\n" })).toBe(
      true,
    );
    expect(hasCorrelation({ origin: "x", kind: "sigma", text: "title: D\ndetection:\n  condition: a\n" })).toBe(false);
  });
});
