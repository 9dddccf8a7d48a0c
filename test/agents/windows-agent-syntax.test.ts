/**
 * The Windows agent's scripts parse. CI has no PowerShell, so a syntax error in agents/windows/ would
 * otherwise first show on a user's machine; the PowerShell grammar reads every script here instead.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, lowerNumericSuffixes, powershellSyntaxProblems } from "../support/powershell-syntax.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const WINDOWS_AGENT = join(REPO_ROOT, "agents/windows");
const POWERSHELL_FILE = /\.ps(?:1|m1|d1)$/i;

async function powershellFiles(): Promise<string[]> {
  const entries = await readdir(WINDOWS_AGENT, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && POWERSHELL_FILE.test(entry.name))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

describe("the Windows agent's PowerShell scripts", () => {
  it("include the agent, its installer and its record builder", async () => {
    expect(await powershellFiles()).toEqual(
      expect.arrayContaining([
        "agents/windows/EdgeSiemRecord.ps1",
        "agents/windows/edgesiem-agent.ps1",
        "agents/windows/install.ps1",
      ]),
    );
  });

  it("all parse with no ERROR or MISSING node", async () => {
    const problems: string[] = [];
    for (const file of await powershellFiles()) {
      const source = await readFile(join(REPO_ROOT, file), "utf8");
      for (const problem of await powershellSyntaxProblems(source)) problems.push(formatProblem(file, problem));
    }
    expect(problems).toEqual([]);
  });
});

describe("the PowerShell syntax check", () => {
  it("reports a stray token with its line, column and text", async () => {
    const source = "$limit = 10\nif ($limit -gt 5) { Write-Host 'big' } }\n";
    const problems = await powershellSyntaxProblems(source);
    expect(problems.map((problem) => formatProblem("broken.ps1", problem))).toEqual(['broken.ps1:2:40: ERROR "}"']);
  });

  it("reports a block left open as a MISSING closing brace", async () => {
    const source = "function Send-Batch {\n    param([string]$Body)\n    if ($Body) { Write-Host $Body\n}\n";
    const problems = await powershellSyntaxProblems(source);
    expect(problems).toEqual([expect.objectContaining({ kind: "MISSING", text: "}" })]);
  });

  it("reads a number's type suffix and multiplier in upper case, as PowerShell does", async () => {
    const source = "param(\n    [long]$MaxBytes = 3MB\n)\n$MaxBytes -gt 1.5GB\n$ticks = 10L\n$big = 2LKB\n";
    expect(await powershellSyntaxProblems(source)).toEqual([]);
  });

  it("lower-cases only the suffix after a number, keeping every offset", () => {
    const source = "$max = 5MB; $name = 'MB'; $Size5MB = 2KB; $id = 0x1FL; $n = 10L";
    const lowered = lowerNumericSuffixes(source);
    expect(lowered).toBe("$max = 5mb; $name = 'MB'; $Size5MB = 2kb; $id = 0x1FL; $n = 10l");
    expect(lowered).toHaveLength(source.length);
  });
});
