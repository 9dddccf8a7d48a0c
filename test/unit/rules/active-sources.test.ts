import { describe, expect, it } from "vitest";
import { simpleRuleId } from "../../../worker/detect/simple/rule-id.ts";
import { activeSources } from "../../../worker/rules/active-sources.ts";
import { bundledRulesFrom } from "../../../worker/rules/bundled.ts";

const sigmaA = {
  origin: "rules/sigma/a.yml",
  kind: "sigma" as const,
  text: "title: A\nid: rule-a\n",
  pack: "edgesiem" as const,
};
const sigmaB = {
  origin: "rules/sigma/b.yml",
  kind: "sigma" as const,
  text: "title: B\nid: rule-b\n",
  pack: "edgesiem" as const,
};
const simple = {
  origin: "rules/simple.txt",
  kind: "simple" as const,
  text: "- 'one'\n- 'two'\n- 'three'",
  pack: "edgesiem" as const,
};
const core = {
  origin: "rules/sigmahq/rules/c.yml",
  kind: "sigma" as const,
  text: "title: C\nid: rule-c\nlevel: high\nstatus: test\n",
  pack: "core" as const,
};
const threatHunting = {
  origin: "rules/sigmahq/rules-threat-hunting/t.yml",
  kind: "sigma" as const,
  text: "title: T\nid: rule-t\nlevel: low\n",
  pack: "threat-hunting" as const,
};
const bundled = bundledRulesFrom([sigmaA, sigmaB, simple]);
const packed = bundledRulesFrom([sigmaA, core, threatHunting]);
const EDGESIEM = new Set(["edgesiem"] as const);

describe("activeSources", () => {
  it("is the bundled rules when nothing is stored", () => {
    expect(activeSources(bundled, [], EDGESIEM)).toEqual([sigmaA, sigmaB, simple]);
  });

  it("replaces a bundled Sigma file by the stored rule with its id", () => {
    const edited = { id: "rule-a", kind: "sigma" as const, text: "title: A2\nid: rule-a\n", enabled: true };
    expect(activeSources(bundled, [edited], EDGESIEM)).toEqual([
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
    expect(activeSources(bundled, rows, EDGESIEM)).toEqual([sigmaA, simple]);
  });

  it("blanks an overridden simple rule's line so the others keep their line numbers", () => {
    const row = { id: simpleRuleId("two"), kind: "simple" as const, text: "- 'two'", enabled: false };
    expect(activeSources(bundled, [row], EDGESIEM)).toContainEqual({ ...simple, text: "- 'one'\n\n- 'three'" });
  });

  it("holds the bundled rules of the enabled packs only; core+ holds core", () => {
    expect(activeSources(packed, [], new Set(["edgesiem"] as const))).toEqual([sigmaA]);
    expect(activeSources(packed, [], new Set(["core+", "threat-hunting"] as const))).toEqual([core, threatHunting]);
  });

  it("switches one rule of a pack on or off on its own through its row", () => {
    const on = { id: "rule-t", kind: "sigma" as const, text: threatHunting.text, enabled: true };
    const off = { id: "rule-c", kind: "sigma" as const, text: core.text, enabled: false };
    expect(activeSources(packed, [on, off], new Set(["core"] as const))).toEqual([
      { origin: "db:rule-t", kind: "sigma", text: threatHunting.text },
    ]);
  });
});
