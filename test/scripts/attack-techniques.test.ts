/**
 * scripts/attack-techniques.ts: MITRE's STIX bundle -> the technique table of the coverage matrix,
 * on a bundle small enough to read, and the vendored table checked as the generator's own output.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { attackTable, renderAttackTable } from "../../scripts/lib/attack-table.ts";
import { ATTACK_TECHNIQUES, ATTACK_VERSION } from "../../worker/coverage/attack-techniques.generated.ts";

const phase = (name: string) => ({ kill_chain_name: "mitre-attack", phase_name: name });
const technique = (id: string, name: string, phases: string[], extra: Record<string, unknown> = {}) => ({
  type: "attack-pattern",
  id: `attack-pattern--${id}`,
  name,
  external_references: [
    { source_name: "mitre-attack", external_id: id, url: `https://attack.mitre.org/techniques/${id}` },
  ],
  kill_chain_phases: phases.map(phase),
  ...extra,
});

const BUNDLE = {
  type: "bundle",
  id: "bundle--1",
  objects: [
    { type: "x-mitre-collection", id: "x-mitre-collection--1", name: "Enterprise ATT&CK", x_mitre_version: "99.1" },
    technique("T1078", "Valid Accounts", ["initial-access", "defense-evasion", "persistence", "privilege-escalation"]),
    technique("T1003.001", "LSASS Memory", ["credential-access"]),
    technique("T1003", "OS Credential Dumping", ["credential-access"]),
    technique("T1086", "PowerShell", ["execution"], { revoked: true }),
    technique("T1064", "Scripting", ["execution"], { x_mitre_deprecated: true }),
    { ...technique("T9001", "Other chain", []), kill_chain_phases: [{ kill_chain_name: "lockheed", phase_name: "x" }] },
    { type: "x-mitre-tactic", id: "x-mitre-tactic--1", name: "Execution", x_mitre_shortname: "execution" },
    { type: "course-of-action", id: "course-of-action--1", name: "M1026", external_references: [] },
  ],
};

describe("the ATT&CK technique table", () => {
  it("keeps live techniques and sub-techniques with their names and tactics in matrix order", () => {
    expect(attackTable(BUNDLE)).toEqual({
      version: "99.1",
      techniques: [
        { id: "T1003", name: "OS Credential Dumping", tactics: ["credential-access"] },
        { id: "T1003.001", name: "LSASS Memory", tactics: ["credential-access"] },
        {
          id: "T1078",
          name: "Valid Accounts",
          tactics: ["initial-access", "persistence", "privilege-escalation", "defense-evasion"],
        },
        { id: "T9001", name: "Other chain", tactics: [] },
      ],
    });
  });

  it("refuses a bundle without a release or with a tactic the matrix does not have", () => {
    expect(() => attackTable({ objects: [] })).toThrow(/names no release/);
    expect(() => attackTable([])).toThrow(/no 'objects' list/);
    const bad = { objects: [BUNDLE.objects[0], technique("T1001", "Data Obfuscation", ["command-control"])] };
    expect(() => attackTable(bad)).toThrow("T1001: tactic 'command-control' is not an Enterprise ATT&CK tactic");
  });

  it("renders the module with MITRE's notice and one row per technique", () => {
    const text = renderAttackTable(attackTable(BUNDLE));
    expect(text).toContain("© The MITRE Corporation");
    expect(text).toContain('export const ATTACK_VERSION = "99.1";');
    expect(text).toContain('  ["T1003.001", "LSASS Memory", ["credential-access"]],\n');
  });

  it("ships a table that is exactly what the generator writes for its techniques", () => {
    const objects = [
      { type: "x-mitre-collection", id: "x-mitre-collection--1", x_mitre_version: ATTACK_VERSION },
      ...ATTACK_TECHNIQUES.map(([id, name, tactics]) => technique(id, name, [...tactics])),
    ];
    const dir = mkdtempSync(join(tmpdir(), "attack-"));
    writeFileSync(join(dir, "enterprise-attack.json"), JSON.stringify({ type: "bundle", objects }));
    const script = resolve(import.meta.dirname, "../../scripts/attack-techniques.ts");
    const output = execFileSync(process.execPath, [script, "--check", join(dir, "enterprise-attack.json")], {
      encoding: "utf8",
    });
    expect(output).toContain(`matches ATT&CK ${ATTACK_VERSION} (${ATTACK_TECHNIQUES.length} techniques)`);
  });
});
