import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../../worker/detect/compile-rule-set.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { parsePlaceholders } from "../../../worker/rules/placeholders.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";

const EXPAND_RULE = `title: Logon by an admin workstation account
id: 6f7c9f1e-4c1b-4d7e-9f55-2f1f8c0c9a11
logsource:
  product: windows
  service: security
detection:
  selection:
    WorkstationName|expand: '%Admins_Workstations%'
  condition: selection
`;

describe("placeholder values (rules/placeholders.yml)", () => {
  it("reads names to lists of values, turning numbers and single values into text lists", () => {
    expect(parsePlaceholders({ Admins_Workstations: ["ADM-*", 42], "DC-MACHINE-NAME": "DC01$" })).toEqual({
      Admins_Workstations: ["ADM-*", "42"],
      "DC-MACHINE-NAME": ["DC01$"],
    });
    expect(parsePlaceholders({})).toEqual({});
  });

  it("refuses a list, a name with % signs, an empty list and an empty value, naming the problem", () => {
    expect(() => parsePlaceholders(["ADM-*"])).toThrow("map of placeholder name");
    expect(() => parsePlaceholders({ "%Admins%": ["x"] })).toThrow("placeholder name '%Admins%'");
    expect(() => parsePlaceholders({ Admins: [] })).toThrow("'Admins' has an empty list");
    expect(() => parsePlaceholders({ Admins: ["x", ""] })).toThrow("'Admins' value 2");
  });

  it("gives the expand modifier its values, and without them the rule is an error naming the placeholder", () => {
    const source = { origin: "rules/sigma/expand.yml", kind: "sigma" as const, text: EXPAND_RULE };
    const configured = compileRuleSet([source], {
      logsources: LOGSOURCES,
      fieldMap: FIELD_MAP,
      placeholders: parsePlaceholders({ Admins_Workstations: ["ADM-*"] }),
    });
    expect(configured.errors).toEqual([]);
    expect(configured.rules.map((rule) => rule.id)).toEqual(["6f7c9f1e-4c1b-4d7e-9f55-2f1f8c0c9a11"]);

    const unconfigured = compileRuleSet([source], { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
    expect(unconfigured.rules).toEqual([]);
    expect(unconfigured.errors.map((error) => error.reason).join()).toContain("%Admins_Workstations%");
  });
});
