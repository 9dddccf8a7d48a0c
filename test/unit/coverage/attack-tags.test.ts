import { describe, expect, it } from "vitest";
import { tacticsOf, techniquesOf } from "../../../worker/coverage/attack-tags.ts";

describe("ATT&CK tags", () => {
  it("reads techniques and sub-techniques, once each, in order", () => {
    expect(
      techniquesOf(["attack.t1059.001", "attack.T1033", "attack.t1033", "cve.2021-44228", "attack.g0016"]),
    ).toEqual(["T1033", "T1059.001"]);
  });

  it("reads tactics written with underscores or hyphens, in the matrix's order", () => {
    expect(
      tacticsOf(["attack.defense_evasion", "attack.execution", "attack.command-and-control", "attack.s0002"]),
    ).toEqual(["execution", "defense-evasion", "command-and-control"]);
  });
});
