import { describe, expect, it } from "vitest";
import { isInEnabledPack, packOf } from "../../../worker/rules/packs.ts";

describe("packOf", () => {
  it("puts SigmaHQ's reviewed high and critical core rules in core, reviewed medium ones in core+", () => {
    expect(packOf({ folder: "rules", status: "stable", level: "critical" })).toBe("core");
    expect(packOf({ folder: "rules", status: "test", level: "high" })).toBe("core");
    expect(packOf({ folder: "rules", status: "test", level: "medium" })).toBe("core+");
  });

  it("puts experimental core rules of medium and up in core++, and a rule without a status with them", () => {
    expect(packOf({ folder: "rules", status: "experimental", level: "critical" })).toBe("core++");
    expect(packOf({ folder: "rules", status: null, level: "medium" })).toBe("core++");
  });

  it("leaves low and informational core rules, and deprecated or unsupported ones, out of every pack", () => {
    expect(packOf({ folder: "rules", status: "stable", level: "low" })).toBeNull();
    expect(packOf({ folder: "rules", status: "test", level: "informational" })).toBeNull();
    expect(packOf({ folder: "rules", status: "deprecated", level: "high" })).toBeNull();
    expect(packOf({ folder: "rules-threat-hunting", status: "unsupported", level: "low" })).toBeNull();
    expect(packOf({ folder: "rules-placeholder", status: "test", level: "high" })).toBeNull();
  });

  it("puts emerging threats of medium and up in their pack, and threat hunting rules of any level in theirs", () => {
    expect(packOf({ folder: "rules-emerging-threats", status: "experimental", level: "high" })).toBe(
      "emerging-threats",
    );
    expect(packOf({ folder: "rules-emerging-threats", status: "test", level: "low" })).toBeNull();
    expect(packOf({ folder: "rules-threat-hunting", status: "test", level: "low" })).toBe("threat-hunting");
  });

  it("puts EdgeSIEM's own rules in the edgesiem pack whatever their status and level", () => {
    expect(packOf({ folder: "edgesiem", status: null, level: "low" })).toBe("edgesiem");
  });
});

describe("isInEnabledPack", () => {
  it("turns a core rule on with core, core+ or core++, and a core++ rule only with core++", () => {
    expect(["core", "core+", "core++"].map((pack) => isInEnabledPack("core", new Set([pack as "core"])))).toEqual([
      true,
      true,
      true,
    ]);
    expect(isInEnabledPack("core++", new Set(["core", "core+"]))).toBe(false);
    expect(isInEnabledPack("core+", new Set(["core"]))).toBe(false);
  });

  it("never turns on a rule that is in no pack", () => {
    expect(isInEnabledPack(null, new Set(["core++", "emerging-threats", "threat-hunting", "edgesiem"]))).toBe(false);
  });
});
