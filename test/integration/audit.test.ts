import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, call } from "../support/workers/api.ts";

interface Entry {
  id: number;
  at: string;
  actor: { id: number | null; name: string } | null;
  action: string;
  target: { type: string; id: string | null } | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

const PASSWORD = "a-long-password";
const RULE_ID = "a0d17000-0000-4000-8000-000000000001";
const ruleText = (title: string) =>
  `title: ${title}\nid: ${RULE_ID}\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image: x\n  condition: sel\n`;

let nextIp = 0;
/** A fresh client address per sign-in, so the per-IP sign-in limit does not trip over the tests. */
function freshIp(): string {
  nextIp += 1;
  return `203.0.113.${nextIp % 250}`;
}

async function signIn(username = "admin", password = ADMIN_PASSWORD, ip = freshIp()) {
  return call<{ token: string; user: { id: number } }>("/api/v1/auth/login", {
    method: "POST",
    headers: { "cf-connecting-ip": ip },
    json: { username, password },
  });
}

async function admin(): Promise<string> {
  const res = await signIn();
  if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status}`);
  return res.body.token;
}

async function userWithRole(adminToken: string, username: string, role: "viewer" | "analyst") {
  const signup = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
    method: "POST",
    headers: { "cf-connecting-ip": freshIp() },
    json: { username, password: PASSWORD },
  });
  await call(`/api/v1/users/${signup.body.user.id}`, {
    method: "PATCH",
    token: adminToken,
    json: { enabled: true, role },
  });
  return (await signIn(username, PASSWORD)).body.token;
}

/** Entries whose action starts with `prefix`, newest first, read through the API. */
async function audit(token: string, query = ""): Promise<Entry[]> {
  const res = await call<{ entries: Entry[] }>(`/api/v1/audit${query}`, { token });
  if (res.status !== 200) throw new Error(`audit read failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.entries;
}

/** Runs the change and answers the entries it wrote (every audit row added meanwhile). */
async function written(change: () => Promise<unknown>): Promise<Entry[]> {
  const before = await env.DB.prepare("SELECT coalesce(max(id), 0) AS id FROM audit_log").first<{ id: number }>();
  await change();
  const token = await admin();
  const all = await audit(token, `?limit=500`);
  // The admin sign-in just made for reading is not part of the change.
  return all.filter((e) => e.id > (before?.id ?? 0) && e.action !== "auth.sign_in").reverse();
}

describe("the audit log records", () => {
  it("sign-ins, failed sign-ins (with the name tried, never the password) and sign-outs", async () => {
    const ok = await written(() => signIn("admin", ADMIN_PASSWORD, "198.51.100.7"));
    expect(ok).toEqual([
      expect.objectContaining({
        action: "user.create",
        actor: null,
        detail: expect.objectContaining({ via: "first_start" }),
      }),
    ]);
    const signIns = (await audit(await admin(), "?action=auth.sign_in&actor=admin")).filter(
      (e) => e.ip === "198.51.100.7",
    );
    expect(signIns).toEqual([
      expect.objectContaining({ action: "auth.sign_in", actor: { id: expect.any(Number), name: "admin" } }),
    ]);

    const failed = await written(() => signIn("admin", "wrong-password-123", "198.51.100.8"));
    expect(failed).toEqual([
      expect.objectContaining({
        action: "auth.sign_in_failed",
        actor: { id: null, name: "admin" },
        detail: { reason: "invalid" },
        ip: "198.51.100.8",
      }),
    ]);
    expect(JSON.stringify(failed)).not.toContain("wrong-password-123");

    const token = await admin();
    const out = await written(() => call("/api/v1/auth/logout", { method: "POST", token }));
    expect(out).toEqual([
      expect.objectContaining({ action: "auth.sign_out", actor: expect.objectContaining({ name: "admin" }) }),
    ]);
  });

  it("sign-ups and user changes, with the role and state before and after", async () => {
    const token = await admin();
    let id = 0;
    const created = await written(async () => {
      const res = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
        method: "POST",
        headers: { "cf-connecting-ip": freshIp() },
        json: { username: "carol", password: PASSWORD },
      });
      id = res.body.user.id;
    });
    expect(created).toEqual([
      expect.objectContaining({
        action: "user.create",
        actor: { id: null, name: "carol" },
        target: { type: "user", id: String(id) },
        detail: { username: "carol", role: "viewer", enabled: false, via: "sign_up" },
      }),
    ]);
    expect(JSON.stringify(created)).not.toContain(PASSWORD);

    const updated = await written(() =>
      call(`/api/v1/users/${id}`, { method: "PATCH", token, json: { enabled: true, role: "analyst" } }),
    );
    expect(updated).toEqual([
      expect.objectContaining({
        action: "user.update",
        actor: expect.objectContaining({ name: "admin" }),
        target: { type: "user", id: String(id) },
        detail: { username: "carol", role: { from: "viewer", to: "analyst" }, enabled: { from: false, to: true } },
      }),
    ]);
  });

  it("agent tokens made and revoked, never the token itself; a refused revoke writes nothing", async () => {
    const token = await admin();
    let created = { id: "", token: "" };
    const made = await written(async () => {
      created = (await call<typeof created>("/api/v1/tokens", { method: "POST", token, json: { name: "web1" } })).body;
    });
    expect(made).toEqual([
      expect.objectContaining({
        action: "token.create",
        target: { type: "token", id: created.id },
        detail: { name: "web1" },
      }),
    ]);
    expect(JSON.stringify(made)).not.toContain(created.token);
    const revoked = await written(() => call(`/api/v1/tokens/${created.id}`, { method: "DELETE", token }));
    expect(revoked).toEqual([
      expect.objectContaining({ action: "token.revoke", target: { type: "token", id: created.id } }),
    ]);
    const again = await written(() => call(`/api/v1/tokens/${created.id}`, { method: "DELETE", token }));
    expect(again).toEqual([]);
  });

  it("each rule change: create, update, disable, enable, delete and an import as one entry", async () => {
    const token = await admin();
    const steps: [string, () => Promise<unknown>, Record<string, unknown>][] = [
      [
        "rule.create",
        () => call("/api/v1/rules", { method: "POST", token, json: { text: ruleText("One") } }),
        { version: 1 },
      ],
      [
        "rule.update",
        () => call(`/api/v1/rules/${RULE_ID}`, { method: "PUT", token, json: { text: ruleText("Two") } }),
        { version: 2 },
      ],
      ["rule.disable", () => call(`/api/v1/rules/${RULE_ID}/disable`, { method: "POST", token }), { version: 3 }],
      ["rule.enable", () => call(`/api/v1/rules/${RULE_ID}/enable`, { method: "POST", token }), { version: 4 }],
      ["rule.delete", () => call(`/api/v1/rules/${RULE_ID}`, { method: "DELETE", token }), { version: 5 }],
    ];
    for (const [action, change, detail] of steps) {
      expect(await written(change), action).toEqual([
        expect.objectContaining({
          action,
          target: { type: "rule", id: RULE_ID },
          detail: { kind: "sigma", ...detail },
        }),
      ]);
    }
    const imported = await written(() =>
      call("/api/v1/rules/import", {
        method: "POST",
        token,
        json: {
          rules: [
            { path: "a.yml", text: ruleText("Three") },
            { path: "b.yml", text: "not: [valid" },
          ],
        },
      }),
    );
    expect(imported).toEqual([
      expect.objectContaining({
        action: "rule.import",
        target: null,
        detail: { files: 2, created: [RULE_ID], updated: [], failed: 1 },
      }),
    ]);
  });

  it("exceptions added and removed, with the id the database gave", async () => {
    const token = await admin();
    let id = 0;
    const added = await written(async () => {
      const res = await call<{ exception: { id: number } }>("/api/v1/exceptions", {
        method: "POST",
        token,
        json: { field: "host.name", value: "build01", comment: "CI box" },
      });
      id = res.body.exception.id;
    });
    expect(added).toEqual([
      expect.objectContaining({
        action: "exception.create",
        target: { type: "exception", id: String(id) },
        detail: { field: "host.name", value: "build01", rule_id: null, comment: "CI box" },
      }),
    ]);
    const duplicate = await written(() =>
      call("/api/v1/exceptions", { method: "POST", token, json: { field: "host.name", value: "build01" } }),
    );
    expect(duplicate).toEqual([]);
    const removed = await written(() => call(`/api/v1/exceptions/${id}`, { method: "DELETE", token }));
    expect(removed).toEqual([
      expect.objectContaining({ action: "exception.delete", target: { type: "exception", id: String(id) } }),
    ]);
  });

  it("IP list changes: create, update, import and delete", async () => {
    const token = await admin();
    let id = 0;
    const created = await written(async () => {
      const res = await call<{ list: { id: number } }>("/api/v1/ip-lists", {
        method: "POST",
        token,
        json: { name: "vpn", kind: "allow", entries: ["10.0.0.0/8"] },
      });
      id = res.body.list.id;
    });
    const target = { type: "ip_list", id: String(id) };
    expect(created).toEqual([
      expect.objectContaining({
        action: "ip_list.create",
        target,
        detail: { name: "vpn", kind: "allow", description: "", entry_count: 1 },
      }),
    ]);
    const updated = await written(() =>
      call(`/api/v1/ip-lists/${id}`, { method: "PATCH", token, json: { description: "office VPN" } }),
    );
    expect(updated).toEqual([
      expect.objectContaining({ action: "ip_list.update", target, detail: { description: "office VPN" } }),
    ]);
    const imported = await written(() =>
      call(`/api/v1/ip-lists/${id}/import`, {
        method: "POST",
        token,
        json: { content: "192.0.2.1\n", mode: "append" },
      }),
    );
    expect(imported).toEqual([
      expect.objectContaining({
        action: "ip_list.import",
        target,
        detail: { name: "vpn", mode: "append", imported: 1, entry_count: 2 },
      }),
    ]);
    expect(await written(() => call(`/api/v1/ip-lists/${id}`, { method: "DELETE", token }))).toEqual([
      expect.objectContaining({ action: "ip_list.delete", target }),
    ]);
    expect(await written(() => call(`/api/v1/ip-lists/${id}`, { method: "DELETE", token }))).toEqual([]);
  });

  it("notification targets, keeping neither the secret nor the URL (only its host)", async () => {
    const token = await admin();
    const secret = "a-webhook-signing-secret";
    const url = "https://hooks.example.com/services/T000/B000/XXXXXXXX";
    let id = "";
    const created = await written(async () => {
      const res = await call<{ target: { id: string } }>("/api/v1/notifications/targets", {
        method: "POST",
        token,
        json: { name: "SOC", url, secret },
      });
      id = res.body.target.id;
    });
    const target = { type: "notification_target", id };
    expect(created).toEqual([
      expect.objectContaining({
        action: "notification_target.create",
        target,
        detail: {
          name: "SOC",
          format: "generic",
          min_level: "high",
          enabled: true,
          url_host: "hooks.example.com",
          secret: "set",
        },
      }),
    ]);
    const updated = await written(() =>
      call(`/api/v1/notifications/targets/${id}`, { method: "PATCH", token, json: { enabled: false, secret: null } }),
    );
    expect(updated).toEqual([
      expect.objectContaining({
        action: "notification_target.update",
        target,
        detail: { name: "SOC", changes: { enabled: false, secret: "removed" } },
      }),
    ]);
    const removed = await written(() => call(`/api/v1/notifications/targets/${id}`, { method: "DELETE", token }));
    expect(removed).toEqual([expect.objectContaining({ action: "notification_target.delete", target })]);
    const { results } = await env.DB.prepare("SELECT detail FROM audit_log").all<{ detail: string }>();
    const stored = results.map((r) => r.detail).join("\n");
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain("XXXXXXXX");
  });
});

describe("GET /api/v1/audit", () => {
  it("is for admins only: viewers and analysts get 403", async () => {
    const token = await admin();
    for (const role of ["viewer", "analyst"] as const) {
      const other = await userWithRole(token, `user-${role}`, role);
      const res = await call("/api/v1/audit", { token: other });
      expect(res.status, role).toBe(403);
    }
    expect((await call("/api/v1/audit")).status).toBe(401);
  });

  it("pages newest first by cursor and filters by actor, action prefix and time", async () => {
    const token = await admin();
    for (const name of ["t1", "t2", "t3", "t4", "t5"]) {
      await call("/api/v1/tokens", { method: "POST", token, json: { name } });
    }
    const first = await call<{ entries: Entry[]; next_cursor: string | null }>("/api/v1/audit?action=token.&limit=2", {
      token,
    });
    expect(first.body.entries.map((e) => e.detail.name)).toEqual(["t5", "t4"]);
    const names: unknown[] = first.body.entries.map((e) => e.detail.name);
    let cursor = first.body.next_cursor;
    while (cursor !== null) {
      const page = await call<{ entries: Entry[]; next_cursor: string | null }>(
        `/api/v1/audit?action=token.&limit=2&cursor=${cursor}`,
        { token },
      );
      names.push(...page.body.entries.map((e) => e.detail.name));
      cursor = page.body.next_cursor;
    }
    expect(names).toEqual(["t5", "t4", "t3", "t2", "t1"]);

    expect((await audit(token, "?actor=ADMIN&action=token")).length).toBe(5);
    expect(await audit(token, "?actor=nobody")).toEqual([]);
    expect((await audit(token, "?action=auth")).every((e) => e.action.startsWith("auth."))).toBe(true);
    expect(await audit(token, "?from=2020-01-01&to=2020-01-02&action=token")).toEqual([]);
    const lastHour = `?from=${Date.now() - 3_600_000}&to=${Date.now() + 1000}&action=token`;
    expect((await audit(token, lastHour)).length).toBe(5);
    expect((await call("/api/v1/audit?cursor=abc", { token })).status).toBe(400);
    expect((await call("/api/v1/audit?from=2026-01-02&to=2026-01-01", { token })).status).toBe(400);
  });
});
