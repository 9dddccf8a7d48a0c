import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { prepareRecord } from "../../worker/ingest/prepare.ts";
import { activeRuleSet } from "../../worker/rules/active-rule-set.ts";
import { openStore } from "../../worker/store/handle.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const WHOAMI_ID = "0b6f4a52-6c3a-4e55-9f51-3d1c2b7e0a01";
const whoamiRule = (level = "medium", id = WHOAMI_ID) => `title: Whoami Execution
id: ${id}
status: test
level: ${level}
tags:
  - attack.discovery
  - attack.t1033
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
fields:
  - CommandLine
`;

const sysmonProcess = (image: string, commandLine: string) => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: "WS01",
  UtcTime: "2026-11-23 06:54:08.120",
  Image: image,
  CommandLine: commandLine,
  ParentImage: "C:\\Windows\\System32\\cmd.exe",
  User: "CORP\\bob",
});

interface RuleEntry {
  id: string | null;
  title: string | null;
  level: string | null;
  tags: string[];
  origin: string;
  path: string | null;
  overrides_bundled: boolean;
  enabled: boolean;
  version: number | null;
  status: string;
  kind: string;
}

async function createRule(token: string, text: string, kind = "sigma") {
  return call<{ rule: RuleEntry; error?: string; errors?: { line: number | null; reason: string }[] }>(
    "/api/v1/rules",
    { method: "POST", token, json: { kind, text } },
  );
}

async function activeIds(): Promise<string[]> {
  return (await activeRuleSet(openStore(env.DB), env.ARCHIVE)).rules.map((rule) => rule.id);
}

async function signedInViewer(admin: string): Promise<string> {
  const created = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
    method: "POST",
    json: { username: "vera", password: "a-long-password" },
  });
  await call(`/api/v1/users/${created.body.user.id}`, { method: "PATCH", token: admin, json: { enabled: true } });
  return login("vera", "a-long-password");
}

describe("rules API: stored rules", () => {
  it("creates a Sigma rule named by its own id and lists it with its metadata", async () => {
    const admin = await login();
    const created = await createRule(admin, whoamiRule());
    expect(created.status).toBe(201);
    expect(created.body.rule).toMatchObject({
      id: WHOAMI_ID,
      title: "Whoami Execution",
      level: "medium",
      tags: ["attack.discovery", "attack.t1033"],
      kind: "sigma",
      origin: "api",
      enabled: true,
      version: 1,
      status: "compiled",
    });

    const list = await call<{ rules: RuleEntry[] }>("/api/v1/rules?origin=api&q=whoami", { token: admin });
    expect(list.body.rules.map((r) => r.id)).toEqual([WHOAMI_ID]);
    expect((await createRule(admin, whoamiRule())).status).toBe(409);
  });

  it("keeps every version: an edit adds one and the old text stays readable", async () => {
    const admin = await login();
    await createRule(admin, whoamiRule("medium"));
    const edited = await call<{ rule: RuleEntry; changed: boolean }>(`/api/v1/rules/${WHOAMI_ID}`, {
      method: "PUT",
      token: admin,
      json: { text: whoamiRule("high") },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ changed: true, rule: { level: "high", version: 2 } });

    const one = await call<{ text: string; versions: { version: number; change: string; text: string }[] }>(
      `/api/v1/rules/${WHOAMI_ID}`,
      { token: admin },
    );
    expect(one.body.text).toBe(whoamiRule("high"));
    expect(one.body.versions.map((v) => [v.version, v.change, v.text])).toEqual([
      [2, "update", whoamiRule("high")],
      [1, "create", whoamiRule("medium")],
    ]);
  });

  it("answers a rule that does not compile with 400 and the line and reason", async () => {
    const admin = await login();
    const broken = whoamiRule().replace("Image|endswith:", "Image|notamodifier:");
    const res = await createRule(admin, broken);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ line: 13, reason: expect.stringContaining("notamodifier") });
    expect(res.body.error).toContain("line 13");
    expect((await call<{ rules: RuleEntry[] }>("/api/v1/rules?origin=api", { token: admin })).body.rules).toEqual([]);
  });

  it("refuses bad input with a 400 naming the problem", async () => {
    const admin = await login();
    const badKind = await call("/api/v1/rules", { method: "POST", token: admin, json: { kind: "yara", text: "x" } });
    expect(badKind).toMatchObject({ status: 400, body: { error: "'kind' must be one of sigma, simple" } });
    const noId = await createRule(admin, whoamiRule().replace(/^id: .*\n/m, ""));
    expect(noId.status).toBe(400);
    expect(noId.body.error).toContain("'id'");

    await createRule(admin, whoamiRule());
    const otherId = await call(`/api/v1/rules/${WHOAMI_ID}`, {
      method: "PUT",
      token: admin,
      json: { text: whoamiRule("low", "another-id") },
    });
    expect(otherId).toMatchObject({ status: 400, body: { error: expect.stringContaining("ids cannot change") } });
    const filter = await call("/api/v1/rules?level=severe", { token: admin });
    expect(filter).toMatchObject({ status: 400, body: { error: expect.stringContaining("'level'") } });
  });

  it("stores a simple rule under its derived id", async () => {
    const admin = await login();
    const res = await createRule(admin, "- 'rules-api-test*marker'  # level: high", "simple");
    expect(res.status).toBe(201);
    expect(res.body.rule).toMatchObject({ id: expect.stringMatching(/^simple-/), kind: "simple", level: "high" });
    expect(await activeIds()).toContain(res.body.rule.id);
  });

  it("deletes a stored rule, keeping its history", async () => {
    const admin = await login();
    await createRule(admin, whoamiRule());
    const deleted = await call(`/api/v1/rules/${WHOAMI_ID}`, { method: "DELETE", token: admin });
    expect(deleted).toMatchObject({ status: 200, body: { ok: true, bundled_rule_restored: false } });
    expect((await call(`/api/v1/rules/${WHOAMI_ID}`, { token: admin })).status).toBe(404);
    expect(await activeIds()).not.toContain(WHOAMI_ID);
    const recreated = await createRule(admin, whoamiRule());
    expect(recreated.body.rule.version).toBe(3);
  });
});

describe("rules API: the active rule set", () => {
  it("applies disable and enable to the next batch's rule set", async () => {
    const admin = await login();
    await createRule(admin, whoamiRule());
    expect(await activeIds()).toContain(WHOAMI_ID);
    const before = (await call<{ version: number }>("/api/v1/rules", { token: admin })).body.version;

    const disabled = await call<{ rule: RuleEntry }>(`/api/v1/rules/${WHOAMI_ID}/disable`, {
      method: "POST",
      token: admin,
    });
    expect(disabled.body.rule).toMatchObject({ enabled: false, version: 2 });
    expect(await activeIds()).not.toContain(WHOAMI_ID);
    expect((await call<{ version: number }>("/api/v1/rules", { token: admin })).body.version).toBe(before + 1);

    await call(`/api/v1/rules/${WHOAMI_ID}/enable`, { method: "POST", token: admin });
    const ruleSet = await activeRuleSet(openStore(env.DB), env.ARCHIVE);
    const whoami = prepareRecord(sysmonProcess("C:\\Windows\\System32\\whoami.exe", "whoami /all"), 0, Date.now());
    if (!("event" in whoami)) throw new Error(whoami.error);
    expect(ruleSet.match(whoami.event).map((m) => m.rule.id)).toContain(WHOAMI_ID);
  });

  it("disables a bundled rule with an override row and brings it back when the row is deleted", async () => {
    const admin = await login();
    const bundled = await call<{ rules: RuleEntry[] }>(
      "/api/v1/rules?origin=bundled&kind=sigma&status=compiled&enabled=true",
      {
        token: admin,
      },
    );
    const target = bundled.body.rules[0];
    if (!target?.id) throw new Error("rules/ ships no compiling Sigma rule to test with");
    expect(await activeIds()).toContain(target.id);

    const disabled = await call<{ rule: RuleEntry }>(`/api/v1/rules/${target.id}/disable`, {
      method: "POST",
      token: admin,
    });
    expect(disabled.body.rule).toMatchObject({
      origin: "api",
      overrides_bundled: true,
      enabled: false,
      path: target.path,
    });
    expect(await activeIds()).not.toContain(target.id);

    const restored = await call(`/api/v1/rules/${target.id}`, { method: "DELETE", token: admin });
    expect(restored.body).toMatchObject({ bundled_rule_restored: true });
    expect(await activeIds()).toContain(target.id);
    const deleteBundled = await call(`/api/v1/rules/${target.id}`, { method: "DELETE", token: admin });
    expect(deleteBundled.status).toBe(409);
  });

  it("disables one bundled simple rule and leaves the other rules of its file active", async () => {
    const admin = await login();
    const simple = await call<{ rules: RuleEntry[] }>("/api/v1/rules?origin=bundled&kind=simple&status=compiled", {
      token: admin,
    });
    const [target, other] = simple.body.rules;
    if (!target?.id || !other?.id) throw new Error("rules/ ships fewer than two simple rules to test with");
    const errorsBefore = (await activeRuleSet(openStore(env.DB), env.ARCHIVE)).errors;
    await call(`/api/v1/rules/${target.id}/disable`, { method: "POST", token: admin });
    const ruleSet = await activeRuleSet(openStore(env.DB), env.ARCHIVE);
    expect(ruleSet.rules.map((rule) => rule.id)).not.toContain(target.id);
    expect(ruleSet.rules.map((rule) => rule.id)).toContain(other.id);
    // The line is blanked, not cut: the file's other errors keep their line numbers.
    expect(ruleSet.errors).toEqual(errorsBefore);
  });

  it("lists the compile errors of the active set, e.g. of a stored rule a newer engine no longer accepts", async () => {
    const admin = await login();
    const broken = whoamiRule().replace("Image|endswith:", "Image|notamodifier:");
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO rules (id, kind, text, enabled, version, origin, created_at, updated_at) VALUES (?, 'sigma', ?, 1, 1, 'api', 0, 0)",
      ).bind(WHOAMI_ID, broken),
      env.DB.prepare("INSERT INTO rule_set_version (id, version, stamp, changed_at) VALUES (1, 1, 'old-engine', 0)"),
    ]);
    const res = await call<{ errors: Record<string, unknown>[] }>("/api/v1/rules/errors", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ origin: `db:${WHOAMI_ID}`, line: 13, reason: expect.stringContaining("notamodifier") }),
    );
    const entry = await call<{ rule: RuleEntry }>(`/api/v1/rules/${WHOAMI_ID}`, { token: admin });
    expect(entry.body.rule).toMatchObject({ status: "failed", title: null });
  });
});

describe("rules API: testing a rule on stored events", () => {
  it("answers the stored events the rule matches, with key fields, and creates no alert", async () => {
    const admin = await login();
    const { token } = await agentToken(admin, "ws01");
    const stored = await ingest(
      token,
      JSON.stringify({
        batch_id: "ws01-1",
        events: [
          sysmonProcess("C:\\Windows\\System32\\whoami.exe", "whoami /all"),
          sysmonProcess("C:\\Windows\\System32\\notepad.exe", "notepad.exe"),
        ],
      }),
    );
    expect(stored.body.accepted).toBe(2);
    const alerts = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM alerts").first<{ n: number }>())?.n ?? 0;
    const alertsBefore = await alerts();

    const res = await call<{ scanned: number; matches: Record<string, unknown>[] }>("/api/v1/rules/test", {
      method: "POST",
      token: admin,
      json: { text: whoamiRule(), limit: 10 },
    });
    expect(res.status).toBe(200);
    expect(res.body.scanned).toBe(2);
    expect(res.body.matches).toEqual([
      expect.objectContaining({
        event_id: expect.any(Number),
        host: "WS01",
        dataset: "windows.sysmon_operational",
        rule_id: WHOAMI_ID,
        fields: { CommandLine: "whoami /all" },
      }),
    ]);
    expect(await alerts()).toBe(alertsBefore);
    expect((await call<{ rules: RuleEntry[] }>("/api/v1/rules?origin=api", { token: admin })).body.rules).toEqual([]);
  });

  it("refuses a limit above 10000", async () => {
    const res = await call("/api/v1/rules/test", {
      method: "POST",
      token: await login(),
      json: { text: whoamiRule(), limit: 20_000 },
    });
    expect(res).toMatchObject({ status: 400, body: { error: "'limit' must be an integer from 1 to 10000" } });
  });
});

describe("rules API: bulk import", () => {
  it("reports per file what compiled and what did not, and stores only what compiled", async () => {
    const admin = await login();
    const rules = [
      { path: "sigma/whoami.yml", text: whoamiRule() },
      { path: "sigma/broken.yml", text: "title: [unclosed\n" },
      { path: "sigma/again.yml", text: whoamiRule("high") },
    ];
    const res = await call<{ results: Record<string, unknown>[]; summary: Record<string, number> }>(
      "/api/v1/rules/import",
      { method: "POST", token: admin, json: { rules } },
    );
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { path: "sigma/whoami.yml", id: WHOAMI_ID, status: "created", errors: [] },
      expect.objectContaining({
        path: "sigma/broken.yml",
        status: "failed",
        errors: [expect.objectContaining({ origin: "sigma/broken.yml" })],
      }),
      expect.objectContaining({ path: "sigma/again.yml", status: "failed" }),
    ]);
    expect(res.body.summary).toEqual({ files: 3, created: 1, updated: 0, unchanged: 0, failed: 2 });

    const again = await call<{ summary: Record<string, number> }>("/api/v1/rules/import", {
      method: "POST",
      token: admin,
      json: { rules: [rules[0]] },
    });
    expect(again.body.summary).toMatchObject({ unchanged: 1 });
    const one = await call<{ rule: RuleEntry }>(`/api/v1/rules/${WHOAMI_ID}`, { token: admin });
    expect(one.body.rule).toMatchObject({ origin: "import", version: 1 });
  });

  it("stores a rule far past the old 50,000-character limit, as large as SigmaHQ's largest", async () => {
    const admin = await login();
    const hashes = Array.from({ length: 4200 }, (_, i) => `      - 'SHA256=${i.toString(16).padStart(64, "0")}'`);
    const large = `${whoamiRule().replace("  condition: selection", `  hashes:\n    Hashes|contains:\n${hashes.join("\n")}\n  condition: selection or hashes`)}`;
    expect(large.length).toBeGreaterThan(295_000);
    const res = await call<{ results: { status: string }[] }>("/api/v1/rules/import", {
      method: "POST",
      token: admin,
      json: { rules: [{ path: "sigma/vuln-drivers.yml", text: large }] },
    });
    expect(res.body.results).toEqual([
      { path: "sigma/vuln-drivers.yml", id: WHOAMI_ID, status: "created", errors: [] },
    ]);
    const stored = await call<{ text: string }>(`/api/v1/rules/${WHOAMI_ID}`, { token: admin });
    expect(stored.body.text).toBe(large);
  });

  it("refuses a file over 1,000,000 bytes on its own, with its size, and imports the rest", async () => {
    const admin = await login();
    const huge = `${whoamiRule("high", "0b6f4a52-6c3a-4e55-9f51-3d1c2b7e0a02")}# ${"é".repeat(500_001)}\n`;
    const res = await call<{ results: Record<string, unknown>[]; summary: Record<string, number> }>(
      "/api/v1/rules/import",
      {
        method: "POST",
        token: admin,
        json: {
          rules: [
            { path: "sigma/huge.yml", text: huge },
            { path: "sigma/whoami.yml", text: whoamiRule() },
          ],
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      {
        path: "sigma/huge.yml",
        id: null,
        status: "failed",
        errors: [
          {
            origin: "sigma/huge.yml",
            line: null,
            ruleId: null,
            reason: `the rule text is ${new TextEncoder().encode(huge).byteLength} bytes, more than the 1000000 a rule may have`,
          },
        ],
      },
      { path: "sigma/whoami.yml", id: WHOAMI_ID, status: "created", errors: [] },
    ]);
    expect(res.body.summary).toMatchObject({ created: 1, failed: 1 });
  });

  it("refuses a body without a list of rules", async () => {
    const res = await call("/api/v1/rules/import", { method: "POST", token: await login(), json: { rules: {} } });
    expect(res).toMatchObject({ status: 400, body: { error: expect.stringContaining("'rules'") } });
  });
});

describe("rules API: the later rules of a Sigma file", () => {
  // rules/sigma/linux/sshd/mr_lnx_sshd_brute_force.yml: the correlation first, its base rule second.
  const FILE_ID = "9112ca77-4ce6-4ed5-b21b-59471b929a9b";
  const BASE_ID = "88152d6d-917c-4c26-aad5-69f3908ce46c";

  it("lists a correlation's base rule with its own title, pointing at its file", async () => {
    const admin = await login();
    const list = await call<{ rules: (RuleEntry & { file_id: string | null })[] }>("/api/v1/rules", { token: admin });
    const base = list.body.rules.find((rule) => rule.id === BASE_ID);
    const file = list.body.rules.find((rule) => rule.id === FILE_ID);
    expect(base).toMatchObject({ title: "SSH Logon Failure", level: "informational", file_id: FILE_ID });
    expect(base?.path).toBe("rules/sigma/linux/sshd/mr_lnx_sshd_brute_force.yml");
    expect(file).toMatchObject({ title: "SSH Brute Force From One Source", file_id: null });
  });

  it("answers GET /rules/<base rule id> with that rule and its file's text", async () => {
    const admin = await login();
    const res = await call<{ rule: RuleEntry & { file_id: string }; text: string }>(`/api/v1/rules/${BASE_ID}`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.rule).toMatchObject({ id: BASE_ID, file_id: FILE_ID, title: "SSH Logon Failure" });
    expect(res.body.text).toContain(`id: ${FILE_ID}`);
    expect(res.body.text).toContain(`id: ${BASE_ID}`);
  });

  it("disables, edits and re-enables the whole file through the base rule's id", async () => {
    const admin = await login();
    const off = await call<{ rule: RuleEntry }>(`/api/v1/rules/${BASE_ID}/disable`, { method: "POST", token: admin });
    expect(off.body.rule).toMatchObject({ id: BASE_ID, enabled: false });
    expect((await call<{ rule: RuleEntry }>(`/api/v1/rules/${FILE_ID}`, { token: admin })).body.rule.enabled).toBe(
      false,
    );
    expect(await activeIds()).not.toContain(BASE_ID);

    const { text } = (await call<{ text: string }>(`/api/v1/rules/${BASE_ID}`, { token: admin })).body;
    const edited = text.replace("level: informational", "level: low");
    const put = await call<{ rule: RuleEntry }>(`/api/v1/rules/${BASE_ID}`, {
      method: "PUT",
      token: admin,
      json: { text: edited },
    });
    expect(put.body.rule).toMatchObject({ id: BASE_ID, level: "low", version: 2 });
    const on = await call<{ rule: RuleEntry }>(`/api/v1/rules/${BASE_ID}/enable`, { method: "POST", token: admin });
    expect(on.body.rule).toMatchObject({ id: BASE_ID, enabled: true, level: "low" });
    expect(await activeIds()).toContain(BASE_ID);
    const versions = (await call<{ versions: { change: string }[] }>(`/api/v1/rules/${FILE_ID}`, { token: admin })).body
      .versions;
    expect(versions.map((version) => version.change)).toEqual(["enable", "update", "disable"]);
  });
});

describe("rules API: roles", () => {
  it("lets a viewer read rules but not change or test them", async () => {
    const admin = await login();
    await createRule(admin, whoamiRule());
    const viewer = await signedInViewer(admin);
    expect((await call("/api/v1/rules", { token: viewer })).status).toBe(200);
    expect((await call(`/api/v1/rules/${WHOAMI_ID}`, { token: viewer })).status).toBe(200);
    const writes = [
      call("/api/v1/rules", { method: "POST", token: viewer, json: { text: whoamiRule("low", "x") } }),
      call(`/api/v1/rules/${WHOAMI_ID}/disable`, { method: "POST", token: viewer }),
      call(`/api/v1/rules/${WHOAMI_ID}`, { method: "DELETE", token: viewer }),
      call("/api/v1/rules/test", { method: "POST", token: viewer, json: { text: whoamiRule() } }),
      call("/api/v1/rules/import", { method: "POST", token: viewer, json: { rules: [] } }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res).toMatchObject({ status: 403, body: { error: "this needs the analyst role; you are viewer" } });
    }
    expect((await call("/api/v1/rules")).status).toBe(401);
  });
});
