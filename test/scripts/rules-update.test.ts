import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuleDetail, RuleList } from "../../worker/model/wire/rules.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const PASSWORD = "update-test-admin-password";
const SIGMAHQ = resolve(REPO_ROOT, "../shared/corpus/sigmahq");
const PROCESS_CREATION = "rules/windows/process_creation";
const CHANGED = `${PROCESS_CREATION}/proc_creation_win_whoami_priv_discovery.yml`;
const REMOVED = `${PROCESS_CREATION}/proc_creation_win_whoami_execution_from_high_priv_process.yml`;
const BROKEN = `${PROCESS_CREATION}/proc_creation_win_renamed_whoami.yml`;
const ADDED = `${PROCESS_CREATION}/proc_creation_win_whoami_added_test.yml`;
const ADDED_ID = "5b0c6a9e-0000-4f00-9000-00000000e002";

const idOf = (text: string) => /^id: (\S+)$/m.exec(text)?.[1] ?? "";

describe("npm run rules:update", () => {
  let server: DevServer;
  let newer: string;

  beforeAll(async () => {
    server = await startDevServer({ vars: { ADMIN_PASSWORD: PASSWORD } });
    // A newer release: SigmaHQ's folders with one rule changed, one removed, one added, one made to fail.
    newer = await mkdtemp(join(tmpdir(), "edgesiem-sigma-"));
    for (const folder of ["rules", "rules-emerging-threats", "rules-threat-hunting"]) {
      await cp(join(SIGMAHQ, folder), join(newer, folder), { recursive: true });
    }
    const changed = await readFile(join(newer, CHANGED), "utf8");
    await writeFile(join(newer, CHANGED), changed.replace(/^title: (.*)$/m, "title: $1 (v2)"));
    await rm(join(newer, REMOVED));
    const broken = await readFile(join(newer, BROKEN), "utf8");
    await writeFile(join(newer, BROKEN), broken.replace(/\|(endswith|contains):/, "|nosuchmodifier:"));
    await writeFile(
      join(newer, ADDED),
      `title: Whoami Added Upstream\nid: ${ADDED_ID}\nstatus: test\nlevel: high\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  selection:\n    Image|endswith: '\\whoami.exe'\n    CommandLine|contains: '/upn'\n  condition: selection\n`,
    );
  });

  afterAll(async () => {
    await server?.stop();
    if (newer) await rm(newer, { recursive: true, force: true });
  });

  const update = (...args: string[]) =>
    spawnSync(process.execPath, ["scripts/rules-update.ts", ...args, "--url", server.url, "--password", PASSWORD], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });

  it("previews SigmaHQ's whole tree to the end, listing every failing file with its reason and the folders no pack ships", () => {
    const run = update(SIGMAHQ);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const summary =
      /^(\d+) files: 0 added, 0 changed, 0 removed, (\d+) unchanged; (\d+) failed \(0 newly failing\)$/.exec(
        lines.at(-1) ?? "",
      );
    expect(summary).not.toBeNull();
    const [, files, unchanged, failed] = summary?.map(Number) ?? [];
    expect(unchanged).toBe(files);
    const failing = lines.filter((line) => line.startsWith("FAILED"));
    expect(new Set(failing.map((line) => line.split(/\s+/)[1]?.replace(/:\d+$/, ""))).size).toBe(failed);
    // The emerging-threats rules that need placeholder values this deployment has not set.
    expect(failing).toContainEqual(expect.stringMatching(/^FAILED\s+rules-emerging-threats\/\S+\s+.*placeholder/));
    // rules-dfir holds only its README: no rule file to count.
    for (const folder of ["rules-compliance", "rules-placeholder"]) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^not shipped: ${folder}/ \\(\\d+ files, in no pack\\)$`)),
      );
    }
  });

  it("lists a newer release's changes, backtests the rules that would run at once, and applies it with --apply", async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const post = async (path: string, body: unknown, bearer = token) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
      });
    const agent = (await (await post("/api/v1/tokens", { name: "update-test" })).json()) as { token: string };
    const utc = new Date(Date.now() - 60 * 60 * 1000).toISOString().replace("T", " ").replace("Z", "");
    const stored = await post(
      "/api/v1/ingest",
      {
        batch_id: "update-test-1",
        events: [
          {
            Channel: "Microsoft-Windows-Sysmon/Operational",
            EventID: 1,
            Computer: "WS07",
            UtcTime: utc,
            Image: "C:\\Windows\\System32\\whoami.exe",
            CommandLine: "whoami /upn",
            User: "CORP\\bob",
          },
        ],
      },
      agent.token,
    );
    expect(stored.status).toBe(200);

    const run = update(newer, "--backtest", "--apply", "--name", "r2099-02-01");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const removedId = idOf(await readFile(join(SIGMAHQ, REMOVED), "utf8"));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^added\\s+${ADDED}\\s+${ADDED_ID}\\s+Whoami Added Upstream\\s+\\[core\\]$`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^changed\\s+${CHANGED}\\s+\\S+\\s+.*\\(v2\\)`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^removed\\s+${REMOVED}\\s+${removedId}`)));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^NEWLY FAILING\\s*${BROKEN}:\\d+\\s+.*nosuchmodifier`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^local\\s+${removedId}\\s.*SigmaHQ removed it`)));
    expect(lines).toContainEqual(`backtest ${ADDED}  ${ADDED_ID}: 1 alerts, 1 events, 0 suppressed over 1 events`);
    const summary = lines.find((line) => / files: \d+ added/.test(line));
    expect(summary).toMatch(/ files: 1 added, 2 changed, 1 removed, \d+ unchanged; \d+ failed \(1 newly failing\)$/);
    expect(lines.at(-1)).toBe("applied r2099-02-01: 1 rule rows written");

    const get = async <T>(path: string) =>
      (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
    const added = await get<RuleList>(`/api/v1/rules?q=${ADDED_ID}`);
    expect(added.rules).toEqual([expect.objectContaining({ id: ADDED_ID, enabled: true, pack: "core" })]);
    const removed = await get<RuleDetail>(`/api/v1/rules/${removedId}`);
    expect(removed.rule).toMatchObject({ enabled: false, note: expect.stringContaining("release r2099-02-01") });
  });
});
