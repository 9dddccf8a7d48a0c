import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const PASSWORD = "import-test-admin-password";
const DRIVER_LOAD = resolve(REPO_ROOT, "../shared/corpus/sigmahq/rules/windows/driver_load");

const rule = (id: string, image: string) => `title: Runs ${image}
id: ${id}
level: medium
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\${image}'
  condition: selection
`;

describe("npm run rules:import", () => {
  let server: DevServer;
  let folder: string;

  beforeAll(async () => {
    server = await startDevServer({ vars: { ADMIN_PASSWORD: PASSWORD } });
    folder = await mkdtemp(join(tmpdir(), "edgesiem-rules-"));
    await mkdir(join(folder, "windows"));
    await writeFile(join(folder, "windows", "whoami.yml"), rule("7d1f0a3e-1111-4c2b-9d4e-000000000001", "whoami.exe"));
    await writeFile(
      join(folder, "windows", "broken.yaml"),
      rule("7d1f0a3e-1111-4c2b-9d4e-000000000002", "x").replace("endswith", "nosuchmodifier"),
    );
    await writeFile(join(folder, "README.md"), "not a rule");
  });

  afterAll(async () => {
    await server?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const importFolder = (path: string) =>
    spawnSync(process.execPath, ["scripts/rules-import.ts", path, "--url", server.url, "--password", PASSWORD], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });

  it("stores the files that compile and names the file, line and reason of the ones that do not", () => {
    const run = importFolder(folder);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(/^ok\s+\S*windows\/whoami\.yml\s+7d1f0a3e-1111-4c2b-9d4e-000000000001 \(created\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^FAILED\s+\S*windows\/broken\.yaml:9\s+.*nosuchmodifier/));
    expect(lines.at(-1)).toBe("2 files: 1 compiled (1 created, 0 updated, 0 unchanged), 1 failed");
    expect(run.status).toBe(1);
  });

  it("stores local edits of SigmaHQ's driver-load rules, the 295 KB list of vulnerable drivers among them", async () => {
    // They ship in the bundle (rules/sigmahq): the same texts import as unchanged; edited ones are
    // stored as rows of their own over the bundled files.
    expect(importFolder(DRIVER_LOAD).stdout.trim().split("\n").at(-1)).toBe(
      "10 files: 10 compiled (0 created, 0 updated, 10 unchanged), 0 failed",
    );
    const edited = join(folder, "driver_load_edited");
    await mkdir(edited);
    for (const name of readdirSync(DRIVER_LOAD)) {
      const text = readFileSync(join(DRIVER_LOAD, name), "utf8");
      await writeFile(join(edited, name), `${text.trimEnd()}\n# edited locally\n`);
    }
    const run = importFolder(edited);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(/^ok\s+\S*driver_load_win_vuln_drivers\.yml\s+\S+ \(created\)$/),
    );
    expect(lines.at(-1)).toBe("10 files: 10 compiled (10 created, 0 updated, 0 unchanged), 0 failed");
    expect(run.status).toBe(0);
  });

  it("fails a file too large to store, and one too large to send, each with its reason, and imports the rest", async () => {
    const big = await mkdtemp(join(tmpdir(), "edgesiem-rules-big-"));
    try {
      await writeFile(join(big, "a-whoami.yml"), rule("7d1f0a3e-1111-4c2b-9d4e-000000000003", "whoami.exe"));
      await writeFile(
        join(big, "b-huge.yml"),
        `${rule("7d1f0a3e-1111-4c2b-9d4e-000000000004", "huge.exe")}# ${"x".repeat(1_200_000)}\n`,
      );
      await writeFile(
        join(big, "c-enormous.yml"),
        `${rule("7d1f0a3e-1111-4c2b-9d4e-000000000005", "enormous.exe")}# ${"x".repeat(5_000_000)}\n`,
      );
      await writeFile(join(big, "d-net.yml"), rule("7d1f0a3e-1111-4c2b-9d4e-000000000006", "net.exe"));
      const run = importFolder(big);
      const lines = run.stdout.trim().split("\n");
      expect(lines).toContainEqual(
        expect.stringMatching(/^FAILED\s+\S*b-huge\.yml\s+the rule text is 1200\d{3} bytes, more than the 1000000/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^FAILED\s+\S*c-enormous\.yml\s+refused by the server \(413\): body exceeds/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^ok\s+\S*d-net\.yml\s+7d1f0a3e-1111-4c2b-9d4e-000000000006 \(created\)$/),
      );
      expect(lines.at(-1)).toBe("4 files: 2 compiled (2 created, 0 updated, 0 unchanged), 2 failed");
      expect(run.status).toBe(1);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  });
});
