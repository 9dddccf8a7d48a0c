/**
 * The coverage matrix's ATT&CK table against the rules that name techniques: every technique tag of
 * SigmaHQ's rules (../shared in place) and of EdgeSIEM's own has its name, except those of
 * techniques added to ATT&CK after the release the table was built from.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { techniqueOfTag } from "../../worker/coverage/attack-tags.ts";
import { ATTACK_VERSION, attackTechnique } from "../../worker/coverage/attack-techniques.ts";
import { CORPUS_DIR } from "../unit/detect/support/sigmahq-corpus.ts";

const TAG = /attack\.t\d{4}(?:\.\d{3})?\b/gi;

/** Named by SigmaHQ's rules, newer than ATT&CK 18.0: regenerating the table from a later release names them. */
const NEWER_THAN_TABLE = [
  "T1685",
  "T1685.001",
  "T1685.002",
  "T1685.004",
  "T1685.005",
  "T1685.006",
  "T1686",
  "T1686.001",
  "T1686.002",
  "T1686.003",
  "T1689",
  "T1690",
];

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ruleFiles(path);
    return /\.(ya?ml|txt)$/.test(entry.name) ? [path] : [];
  });
}

describe("the ATT&CK technique table", () => {
  it("names every technique the SigmaHQ and EdgeSIEM rules tag, but those newer than its release", () => {
    const dirs = [
      ...readdirSync(CORPUS_DIR)
        .filter((name) => name.startsWith("rules"))
        .map((name) => join(CORPUS_DIR, name)),
      resolve(import.meta.dirname, "../../rules"),
    ];
    const ids = new Set(
      dirs
        .flatMap(ruleFiles)
        .flatMap((file) => (readFileSync(file, "utf8").match(TAG) ?? []).flatMap((tag) => techniqueOfTag(tag) ?? [])),
    );
    expect(ids.size).toBeGreaterThan(400);
    const unnamed = [...ids].filter((id) => attackTechnique(id) === undefined).sort();
    expect(ATTACK_VERSION).toBe("18.0");
    expect(unnamed).toEqual(NEWER_THAN_TABLE);
    expect(attackTechnique("T1003.001")).toEqual({
      id: "T1003.001",
      name: "LSASS Memory",
      tactics: ["credential-access"],
    });
  });
});
