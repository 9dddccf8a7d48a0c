import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const PASSWORD = "import-test-admin-password";

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

  it("stores the files that compile and names the file, line and reason of the ones that do not", () => {
    const run = spawnSync(
      process.execPath,
      ["scripts/rules-import.ts", folder, "--url", server.url, "--password", PASSWORD],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    const lines = run.stdout.trim().split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(/^ok\s+\S*windows\/whoami\.yml\s+7d1f0a3e-1111-4c2b-9d4e-000000000001 \(created\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^FAILED\s+\S*windows\/broken\.yaml:9\s+.*nosuchmodifier/));
    expect(lines.at(-1)).toBe("2 files: 1 compiled (1 created, 0 updated, 0 unchanged), 1 failed");
    expect(run.status).toBe(1);
  });
});
