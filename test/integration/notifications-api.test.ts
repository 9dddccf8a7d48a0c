import { describe, expect, it } from "vitest";
import { call, login } from "../support/workers/api.ts";

const TARGETS = "/api/v1/notifications/targets";
const SECRET = "a-shared-secret-for-hmac";

interface Target {
  id: string;
  name: string;
  url: string;
  format: string;
  min_level: string;
  enabled: boolean;
  has_secret: boolean;
}

async function create(admin: string, json: Record<string, unknown>) {
  return call<{ target: Target; error?: string }>(TARGETS, { method: "POST", token: admin, json });
}

async function userWithRole(admin: string, username: string, role: "viewer" | "analyst"): Promise<string> {
  const password = "a-long-password";
  const signup = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
    method: "POST",
    json: { username, password },
  });
  await call(`/api/v1/users/${signup.body.user.id}`, { method: "PATCH", token: admin, json: { enabled: true, role } });
  return login(username, password);
}

describe("notification targets API", () => {
  it("creates a target with defaults and never returns its secret", async () => {
    const admin = await login();
    const created = await create(admin, { name: "SOC hook", url: "https://hooks.example.com/x", secret: SECRET });
    expect(created.status).toBe(201);
    expect(created.body.target).toMatchObject({
      name: "SOC hook",
      url: "https://hooks.example.com/x",
      format: "generic",
      min_level: "high",
      enabled: true,
      has_secret: true,
      last_status: null,
    });

    const updated = await call(`${TARGETS}/${created.body.target.id}`, {
      method: "PATCH",
      token: admin,
      json: { secret: `${SECRET}-2` },
    });
    const list = await call<{ targets: Target[] }>(TARGETS, { token: admin });
    expect(list.body.targets.map((t) => t.name)).toEqual(["SOC hook"]);
    for (const body of [created.body, updated.body, list.body]) {
      expect(JSON.stringify(body)).not.toContain(SECRET);
      expect(JSON.stringify(body)).not.toContain('"secret"');
    }
  });

  it("accepts plain http only to the loopback address", async () => {
    const admin = await login();
    expect((await create(admin, { name: "local", url: "http://127.0.0.1:9000/hook" })).status).toBe(201);
    expect((await create(admin, { name: "local2", url: "http://localhost/hook" })).status).toBe(201);
    const remote = await create(admin, { name: "remote", url: "http://hooks.example.com/hook" });
    expect(remote.status).toBe(400);
    expect(remote.body.error).toBe(
      "'url' must use https (plain http only to localhost or 127.0.0.1: alerts carry sensitive details)",
    );
  });

  it.each([
    [{ url: "https://h.example/x" }, "'name' is required and must be a string"],
    [{ name: "n" }, "'url' is required and must be a string"],
    [{ name: "n", url: "hooks.example.com" }, "'url' is not an absolute URL"],
    [{ name: "n", url: "ftp://h.example/x" }, "'url' must use https, not ftp"],
    [{ name: "n", url: "https://user:pw@h.example/x" }, "'url' must not contain a user name or password"],
    [{ name: "n", url: "https://h.example/x", format: "teams" }, "'format' must be one of generic, slack"],
    [
      { name: "n", url: "https://h.example/x", min_level: "severe" },
      "'min_level' must be one of informational, low, medium, high, critical",
    ],
    [{ name: "n", url: "https://h.example/x", enabled: "yes" }, "'enabled' must be true or false"],
    [{ name: "n", url: "https://h.example/x", secret: "short" }, "'secret' must be 16 to 256 characters long"],
    [
      { name: "n", url: "https://h.example/x", secret: 12 },
      "'secret' must be a string of 16 to 256 characters, or null to remove it",
    ],
    [
      { name: "n", url: "https://h.example/x", format: "slack", secret: SECRET },
      "'secret' signs generic targets only; a Slack webhook URL is its own secret",
    ],
    [
      { name: "n", url: "https://h.example/x", colour: "red" },
      "unknown field(s) colour; known: name, url, format, min_level, enabled, secret",
    ],
  ])("refuses %j with 400: %s", async (json, error) => {
    const admin = await login();
    const res = await create(admin, json);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error });
  });

  it("refuses a second target with the same name, whatever its case", async () => {
    const admin = await login();
    await create(admin, { name: "Pager", url: "https://h.example/a" });
    const again = await create(admin, { name: "pager", url: "https://h.example/b" });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: "a target named 'Pager' exists already" });
  });

  it("updates a target's settings and removes its secret", async () => {
    const admin = await login();
    const { body } = await create(admin, { name: "hook", url: "https://h.example/x", secret: SECRET });
    const path = `${TARGETS}/${body.target.id}`;

    const updated = await call<{ target: Target }>(path, {
      method: "PATCH",
      token: admin,
      json: { min_level: "medium", enabled: false, format: "slack", secret: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.target).toMatchObject({
      min_level: "medium",
      enabled: false,
      format: "slack",
      has_secret: false,
    });

    const empty = await call(path, { method: "PATCH", token: admin, json: {} });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({
      error: "nothing to change: send any of name, url, format, min_level, enabled, secret",
    });
    const slackSecret = await call(path, { method: "PATCH", token: admin, json: { secret: SECRET } });
    expect(slackSecret.status).toBe(400);
    const missing = await call(`${TARGETS}/no-such-id`, { method: "PATCH", token: admin, json: { enabled: true } });
    expect(missing.status).toBe(404);
  });

  it("deletes a target, after which it is gone", async () => {
    const admin = await login();
    const { body } = await create(admin, { name: "hook", url: "https://h.example/x" });
    const path = `${TARGETS}/${body.target.id}`;
    expect((await call(path, { method: "DELETE", token: admin })).body).toEqual({ ok: true, id: body.target.id });
    expect((await call(path, { method: "DELETE", token: admin })).status).toBe(404);
    expect((await call(`${path}/test`, { method: "POST", token: admin })).status).toBe(404);
    expect((await call<{ targets: Target[] }>(TARGETS, { token: admin })).body.targets).toEqual([]);
  });

  it("is for admins only", async () => {
    const admin = await login();
    const { body } = await create(admin, { name: "hook", url: "https://h.example/x" });
    expect((await call(TARGETS)).status).toBe(401);
    for (const role of ["viewer", "analyst"] as const) {
      const token = await userWithRole(admin, `${role}-user`, role);
      const list = await call(TARGETS, { token });
      expect(list.status).toBe(403);
      expect(list.body).toEqual({ error: `this needs the admin role; you are ${role}` });
      expect((await create(token, { name: "x", url: "https://h.example/y" })).status).toBe(403);
      expect((await call(`${TARGETS}/${body.target.id}/test`, { method: "POST", token })).status).toBe(403);
      expect((await call(`${TARGETS}/${body.target.id}`, { method: "DELETE", token })).status).toBe(403);
    }
  });
});
