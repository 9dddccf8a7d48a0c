import { describe, expect, it } from "vitest";
import { attackTechnique, parentTechnique, tacticTechniques } from "../../../worker/coverage/attack-techniques.ts";

describe("the ATT&CK techniques of the matrix", () => {
  it("name a technique and a sub-technique with their tactics, and nothing for an id ATT&CK does not hold", () => {
    expect(attackTechnique("T1078")).toEqual({
      id: "T1078",
      name: "Valid Accounts",
      tactics: ["initial-access", "persistence", "privilege-escalation", "defense-evasion"],
    });
    expect(attackTechnique("T1059.001")?.name).toBe("PowerShell");
    expect(attackTechnique("T1999")).toBeUndefined();
    expect(parentTechnique("T1059.001")).toBe("T1059");
  });

  it("list a tactic's techniques without their sub-techniques", () => {
    const ids = tacticTechniques("credential-access").map((technique) => technique.id);
    expect(ids).toContain("T1003");
    expect(ids).toContain("T1110");
    expect(ids).not.toContain("T1003.001");
    expect(ids).not.toContain("T1059");
  });
});
