import { describe, expect, it } from "vitest";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

async function signup(username: string, password = "a-long-password") {
  return call<{ user: { id: number; enabled: boolean; role: string }; status: string }>("/api/v1/auth/signup", {
    method: "POST",
    json: { username, password },
  });
}

describe("agent tokens", () => {
  it("shows the token once and lists it without the secret", async () => {
    const admin = await login();
    const created = await agentToken(admin, "web1");
    const list = await call<{ tokens: Record<string, unknown>[] }>("/api/v1/tokens", { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.tokens).toHaveLength(1);
    expect(list.body.tokens[0]).toMatchObject({ id: created.id, name: "web1", last_used_at: null, revoked_at: null });
    expect(JSON.stringify(list.body)).not.toContain(created.token);
  });

  it("revocation makes the very next ingest with that token fail with 401", async () => {
    const admin = await login();
    const { id, token } = await agentToken(admin, "web1");
    expect((await ingest(token, "[]")).status).toBe(200);
    expect((await call(`/api/v1/tokens/${id}`, { method: "DELETE", token: admin })).status).toBe(200);
    const after = await ingest(token, "[]");
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: "agent token revoked or unknown" });
    expect((await call(`/api/v1/tokens/${id}`, { method: "DELETE", token: admin })).status).toBe(404);
  });

  it("refuses a token without a valid name", async () => {
    const admin = await login();
    const res = await call("/api/v1/tokens", { method: "POST", token: admin, json: { name: "<script>" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: expect.stringContaining("'name'") });
  });

  it("measures the JSON body limit in bytes, so multi-byte text cannot slip past it", async () => {
    const admin = await login();
    // 40,000 characters, 80,000 bytes: under the 64 KiB limit by length, over it in bytes.
    const res = await call("/api/v1/tokens", { method: "POST", token: admin, json: { name: "é".repeat(40_000) } });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: "body exceeds 65536 bytes" });
  });
});

describe("sign-up and user administration", () => {
  it("creates a disabled viewer that cannot sign in until an admin approves it", async () => {
    const created = await signup("carol");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "pending", user: { role: "viewer", enabled: false } });
    const denied = await call("/api/v1/auth/login", {
      method: "POST",
      json: { username: "carol", password: "a-long-password" },
    });
    expect(denied).toMatchObject({ status: 401, body: { error: "invalid username or password" } });

    const admin = await login();
    const approved = await call(`/api/v1/users/${created.body.user.id}`, {
      method: "PATCH",
      token: admin,
      json: { enabled: true },
    });
    expect(approved.status).toBe(200);
    expect(await login("carol", "a-long-password")).toEqual(expect.any(String));
  });

  it("refuses a taken username with 409 and a short password with 400", async () => {
    await signup("dave");
    expect((await signup("DAVE")).status).toBe(409);
    const short = await signup("erin", "short");
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ error: "the password must be 12 to 256 characters long" });
  });

  it("lets only admins list users, change roles and disable accounts", async () => {
    const admin = await login();
    const created = await signup("frank");
    await call(`/api/v1/users/${created.body.user.id}`, { method: "PATCH", token: admin, json: { enabled: true } });
    const frank = await login("frank", "a-long-password");

    const forbidden = await call("/api/v1/users", { token: frank });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ error: "this needs the admin role; you are viewer" });
    expect((await call("/api/v1/tokens", { token: frank })).status).toBe(403);

    const promoted = await call(`/api/v1/users/${created.body.user.id}`, {
      method: "PATCH",
      token: admin,
      json: { role: "analyst" },
    });
    expect(promoted.body).toMatchObject({ user: { role: "analyst" } });
    // A role change ends the sessions issued under the old role.
    expect((await call("/api/v1/auth/me", { token: frank })).status).toBe(401);

    const badRole = await call(`/api/v1/users/${created.body.user.id}`, {
      method: "PATCH",
      token: admin,
      json: { role: "root" },
    });
    expect(badRole.status).toBe(400);

    const list = await call<{ users: { username: string; role: string }[] }>("/api/v1/users", { token: admin });
    expect(list.body.users.map((u) => [u.username, u.role])).toEqual([
      ["admin", "admin"],
      ["frank", "analyst"],
    ]);
  });

  it("does not let an admin disable themselves", async () => {
    const admin = await login();
    const me = await call<{ user: { id: number } }>("/api/v1/auth/me", { token: admin });
    const res = await call(`/api/v1/users/${me.body.user.id}`, {
      method: "PATCH",
      token: admin,
      json: { enabled: false },
    });
    expect(res.status).toBe(409);
  });
});
