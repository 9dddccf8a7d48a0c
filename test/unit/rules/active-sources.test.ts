import { describe, expect, it } from "vitest";
import { simpleRuleId } from "../../../worker/detect/simple/rule-id.ts";
import { activeSources } from "../../../worker/rules/active-sources.ts";
import { bundledRulesFrom } from "../../../worker/rules/bundled.ts";

const sigmaA = { origin: "rules/sigma/a.yml", kind: "sigma" as const, text: "title: A\nid: rule-a\n" };
const sigmaB = { origin: "rules/sigma/b.yml", kind: "sigma" as const, text: "title: B\nid: rule-b\n" };
const simple = { origin: "rules/simple.txt", kind: "simple" as const, text: "- 'one'\n- 'two'\n- 'three'" };
const bundled = bundledRulesFrom([sigmaA, sigmaB, simple]);

describe("activeSources", () => {
  it("is the bundled rules when nothing is stored", () => {
    expect(activeSources(bundled, [])).toEqual([sigmaA, sigmaB, simple]);
  });

  it("replaces a bundled Sigma file by the stored rule with its id", () => {
    const edited = { id: "rule-a", kind: "sigma" as const, text: "title: A2\nid: rule-a\n", enabled: true };
    expect(activeSources(bundled, [edited])).toEqual([
      sigmaB,
      simple,
      { origin: "db:rule-a", kind: "sigma", text: edited.text },
    ]);
  });

  it("drops a bundled rule overridden by a disabled row, and stored rules that are disabled", () => {
    const rows = [
      { id: "rule-b", kind: "sigma" as const, text: sigmaB.text, enabled: false },
      { id: "own", kind: "sigma" as const, text: "title: Own\nid: own\n", enabled: false },
    ];
    expect(activeSources(bundled, rows)).toEqual([sigmaA, simple]);
  });

  it("blanks an overridden simple rule's line so the others keep their line numbers", () => {
    const row = { id: simpleRuleId("two"), kind: "simple" as const, text: "- 'two'", enabled: false };
    expect(activeSources(bundled, [row])).toContainEqual({ ...simple, text: "- 'one'\n\n- 'three'" });
  });
});
