import { env } from "cloudflare:test";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type {
  ReleaseApplied,
  ReleasePreview,
  RuleDetail,
  RuleList,
  RulePackList,
} from "../../worker/model/wire/rules.ts";
import { activeRuleSet } from "../../worker/rules/active-rule-set.ts";
import { loadRuleBundle } from "../../worker/rules/bundled.ts";
import { isSigmaHqOrigin, releasePath } from "../../worker/rules/release-sources.ts";
import { openStore } from "../../worker/store/handle.ts";
import { userWithRole } from "../support/workers/alerts.ts";
import { call, login } from "../support/workers/api.ts";

const shipped = (await loadRuleBundle()).rules;

const ADDED_ID = "5b0c6a9e-0000-4f00-9000-00000000e001";
const ADDED = `title: Whoami Run From A Renamed Copy
id: ${ADDED_ID}
status: test
level: high
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    OriginalFileName: whoami.exe
  filter:
    Image|endswith: '\\whoami.exe'
  condition: selection and not filter
`;

interface Picked {
  id: string;
  path: string;
  text: string;
}

/** Five core rules (on by default) that compile alone, in the bundle's order: the fixture's subjects. */
function coreRules(): Picked[] {
  const picked = shipped.sources
    .filter(
      (source) =>
        isSigmaHqOrigin(source.origin) &&
        source.pack === "core" &&
        source.prepared !== undefined &&
        source.prepared.errors.length === 0 &&
        /\|endswith:/.test(source.text),
    )
    .slice(0, 5);
  return picked.map((source) => ({ id: source.id ?? "", path: releasePath(source.origin), text: source.text }));
}

const [changed, edited, disabled, removed, broken] = coreRules() as [Picked, Picked, Picked, Picked, Picked];
const retitled = (rule: Picked) => rule.text.replace(/^title: (.*)$/m, "title: $1 (v2)");
const retitle = (text: string) => text.replace(/^title: (.*)$/m, "title: $1 (v2)");

/** The vendored release with: three rules changed, one removed, one added, one made to fail. */
function newerRelease(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const source of shipped.sources) {
    if (!isSigmaHqOrigin(source.origin)) continue;
    const path = releasePath(source.origin);
    if (path === removed.path) continue;
    let text = source.text;
    if ([changed.path, edited.path, disabled.path].includes(path)) text = retitle(text);
    if (path === broken.path) text = text.replace("|endswith:", "|nosuchmodifier:");
    files[`sigma-r2099-01-01/${path}`] = strToU8(text);
  }
  files["sigma-r2099-01-01/rules/windows/process_creation/proc_creation_win_whoami_renamed_test.yml"] = strToU8(ADDED);
  files["sigma-r2099-01-01/rules-compliance/a.yml"] = strToU8("title: compliance\n");
  files["sigma-r2099-01-01/README.md"] = strToU8("# Sigma\n");
  return zipSync(files, { level: 1 });
}

const ZIP = newerRelease();

function postZip<T>(path: string, token: string, body: BodyInit = ZIP) {
  return call<T>(path, { method: "POST", token, body, headers: { "content-type": "application/zip" } });
}

async function activeIds(): Promise<Set<string>> {
  return new Set((await activeRuleSet(openStore(env.DB), env.ARCHIVE)).rules.map((rule) => rule.id));
}

async function rule(token: string, id: string): Promise<RuleDetail> {
  const res = await call<RuleDetail>(`/api/v1/rules/${id}`, { token });
  expect(res.status).toBe(200);
  return res.body;
}

describe("updating SigmaHQ from a newer release", () => {
  it("previews what changes, without changing anything", async () => {
    const admin = await login();
    const editedText = edited.text.replace(/^level: .*$/m, "level: critical");
    expect(
      (await call(`/api/v1/rules/${edited.id}`, { method: "PUT", token: admin, json: { text: editedText } })).status,
    ).toBe(200);
    expect((await call(`/api/v1/rules/${disabled.id}/disable`, { method: "POST", token: admin })).status).toBe(200);
    const before = await activeIds();

    const res = await postZip<ReleasePreview>("/api/v1/rules/releases/preview", admin);
    expect(res.status).toBe(200);
    const preview = res.body;
    expect(preview.release).toMatchObject({ name: "r2099-01-01", source: "stored" });
    expect(preview.current).toMatchObject({ name: "8eaafff1f2845a696050e05e72ba1140ee190698", source: "bundled" });
    expect(preview.counts).toMatchObject({ added: 1, changed: 4, removed: 1, newly_failing: 1 });
    expect(preview.counts.unchanged).toBe(preview.counts.files - 5);
    expect(preview.added).toEqual([
      expect.objectContaining({ id: ADDED_ID, pack: "core", path: expect.stringContaining("whoami_renamed") }),
    ]);
    expect(preview.changed.map((entry) => entry.id).sort()).toEqual(
      [changed.id, edited.id, disabled.id, broken.id].sort(),
    );
    expect(preview.removed).toEqual([expect.objectContaining({ id: removed.id, path: removed.path })]);
    expect(preview.newly_failing).toEqual([
      expect.objectContaining({ id: broken.id, path: broken.path, reason: expect.stringContaining("nosuchmodifier") }),
    ]);
    // Every failure is listed: the broken rule and the emerging-threats rules that need placeholder values.
    expect(preview.failures.length).toBeGreaterThanOrEqual(3);
    expect(preview.counts.failed).toBe(new Set(preview.failures.map((failure) => failure.path)).size);
    expect(preview.not_shipped).toEqual([{ folder: "rules-compliance", files: 1 }]);
    const local = new Map(preview.local.map((entry) => [entry.id, entry]));
    expect(local.get(edited.id)).toMatchObject({ upstream: "changed", row: "edit", enabled_after: true });
    expect(local.get(disabled.id)).toMatchObject({ upstream: "changed", row: "switch", enabled_after: false });
    expect(local.get(removed.id)).toMatchObject({ upstream: "removed", row: "none", enabled_after: false });
    expect(preview.backtest.rules.map((entry) => entry.id).sort()).toEqual([ADDED_ID, changed.id].sort());
    expect(await activeIds()).toEqual(before);
  }, 30_000);

  it("applies it: edits and switches survive, a removed rule stays as a disabled rule with a note, and it can be undone", async () => {
    const admin = await login();
    const editedText = edited.text.replace(/^level: .*$/m, "level: critical");
    await call(`/api/v1/rules/${edited.id}`, { method: "PUT", token: admin, json: { text: editedText } });
    await call(`/api/v1/rules/${disabled.id}/disable`, { method: "POST", token: admin });
    const preview = (await postZip<ReleasePreview>("/api/v1/rules/releases/preview", admin)).body;

    const wrongDigest = await postZip("/api/v1/rules/releases?digest=0000", admin);
    expect(wrongDigest.status).toBe(409);
    const res = await postZip<ReleaseApplied>(`/api/v1/rules/releases?digest=${preview.release.digest}`, admin);
    expect(res.status).toBe(200);
    expect(res.body.rows_written).toBe(2);

    const ids = await activeIds();
    expect(ids.has(ADDED_ID)).toBe(true);
    expect(ids.has(removed.id)).toBe(false);
    expect(ids.has(disabled.id)).toBe(false);
    expect((await rule(admin, changed.id)).rule.title).toMatch(/ \(v2\)$/);
    const editedNow = await rule(admin, edited.id);
    expect(editedNow.text).toBe(editedText);
    expect(editedNow.bundled_text).toBe(retitled(edited));
    const disabledNow = await rule(admin, disabled.id);
    expect(disabledNow.rule.enabled).toBe(false);
    expect(disabledNow.text).toBe(retitled(disabled));
    const removedNow = await rule(admin, removed.id);
    expect(removedNow.rule).toMatchObject({ enabled: false, overrides_bundled: false });
    expect(removedNow.rule.note).toContain(`SigmaHQ removed this rule in release r2099-01-01 (it was ${removed.path})`);
    expect(removedNow.text).toBe(removed.text);
    const brokenNow = await rule(admin, broken.id);
    expect(brokenNow.rule.status).toBe("failed");

    const list = (await call<RuleList>(`/api/v1/rules?q=${ADDED_ID}`, { token: admin })).body;
    expect(list.rules).toEqual([
      expect.objectContaining({ id: ADDED_ID, pack: "core", origin: "bundled", enabled: true }),
    ]);
    const packs = (await call<RulePackList>("/api/v1/rules/packs", { token: admin })).body;
    expect(packs.current_release).toMatchObject({
      name: "r2099-01-01",
      source: "stored",
      digest: preview.release.digest,
    });
    const audit = await env.DB.prepare(
      "SELECT action, target_id FROM audit_log WHERE action LIKE 'rule_release.%'",
    ).all();
    expect(audit.results).toEqual([{ action: "rule_release.apply", target_id: preview.release.digest }]);

    // The same release again changes no row.
    const again = await postZip<ReleaseApplied>("/api/v1/rules/releases", admin);
    expect(again.body.preview.counts).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(again.body.rows_written).toBe(0);

    const back = await call<ReleaseApplied>("/api/v1/rules/releases/current", { method: "DELETE", token: admin });
    expect(back.status).toBe(200);
    expect(back.body.preview.release).toMatchObject({ source: "bundled" });
    const after = await activeIds();
    expect(after.has(ADDED_ID)).toBe(false);
    expect((await rule(admin, changed.id)).rule.title).not.toMatch(/ \(v2\)$/);
    expect((await rule(admin, ADDED_ID)).rule).toMatchObject({
      enabled: false,
      note: expect.stringContaining("8eaafff1"),
    });
    expect((await call("/api/v1/rules/releases/current", { method: "DELETE", token: admin })).status).toBe(409);
  }, 60_000);

  it("refuses what is not a release with a reason, and a body over the limit with 413", async () => {
    const admin = await login();
    const notZip = await postZip<{ error: string }>("/api/v1/rules/releases/preview", admin, "not a zip");
    expect(notZip.status).toBe(400);
    expect(notZip.body.error).toMatch(/^not a readable zip archive/);
    const noRules = zipSync({ "docs/readme.md": strToU8("hello") });
    const empty = await postZip<{ error: string }>("/api/v1/rules/releases/preview", admin, noRules);
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/holds no SigmaHQ rule folder/);
    const huge = await postZip<{ error: string }>(
      "/api/v1/rules/releases/preview",
      admin,
      new Uint8Array(33 * 1024 * 1024),
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatch(/at most \d+ bytes/);
    const http = await call<{ error: string }>("/api/v1/rules/releases/preview", {
      method: "POST",
      token: admin,
      json: { url: "http://example.com/sigma.zip" },
    });
    expect(http.status).toBe(400);
    expect(http.body.error).toBe("'url' must be an https URL");
    const text = await call("/api/v1/rules/releases/preview", { method: "POST", token: admin, body: "x" });
    expect(text.status).toBe(415);
  });

  it("is for admins only", async () => {
    const admin = await login();
    const analyst = await userWithRole(admin, "ana", "analyst");
    expect((await postZip("/api/v1/rules/releases/preview", analyst)).status).toBe(403);
  });
});
