/**
 * Changing, resetting and choosing passwords, through the real Worker and local D1.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ensureAdmin } from "../../worker/auth/bootstrap.ts";
import { openStore } from "../../worker/store/handle.ts";
import { ADMIN_PASSWORD, BASE, call, login } from "../support/workers/api.ts";

async function signIn(username: string, password: string) {
  return call<{ token: string; password_change_required: boolean; error?: string }>("/api/v1/auth/login", {
    method: "POST",
    json: { username, password },
  });
}

async function changePassword(token: string, current: string, next: string) {
  return call<{ ok?: true; error?: string }>("/api/v1/auth/password", {
    method: "POST",
    token,
    json: { current_password: current, new_password: next },
  });
}

async function newUser(admin: string, username: string, password: string): Promise<number> {
  const created = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
    method: "POST",
    json: { username, password },
  });
  expect(created.status).toBe(201);
  await call(`/api/v1/users/${created.body.user.id}`, { method: "PATCH", token: admin, json: { enabled: true } });
  return created.body.user.id;
}

const me = (token: string) => call("/api/v1/auth/me", { token });

describe("changing one's own password", () => {
  it("needs the current password, applies the rules, and ends every other session but this one", async () => {
    const here = await login();
    const elsewhere = await login();
    expect((await changePassword(here, "not-the-password", "a-brand-new-passphrase")).body).toEqual({
      error: "the current password is not right",
    });
    expect((await changePassword(here, ADMIN_PASSWORD, "short")).body).toEqual({
      error: "the password must be 12 to 256 characters long",
    });
    expect((await changePassword(here, ADMIN_PASSWORD, ADMIN_PASSWORD)).body).toEqual({
      error: "the new password must differ from the current one",
    });

    const changed = await changePassword(here, ADMIN_PASSWORD, "a-brand-new-passphrase");
    expect(changed).toMatchObject({ status: 200, body: { ok: true } });
    expect((await me(here)).status).toBe(200);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await signIn("admin", ADMIN_PASSWORD)).status).toBe(401);
    expect((await signIn("admin", "a-brand-new-passphrase")).status).toBe(200);

    const audit = await call<{ entries: { action: string }[] }>("/api/v1/audit?action=user.password_change", {
      token: here,
    });
    expect(audit.body.entries.map((e) => e.action)).toEqual(["user.password_change"]);
  });

  it("refuses a change by cookie without an Origin, like every other change", async () => {
    const token = await login();
    const response = await SELF.fetch(`${BASE}/api/v1/auth/password`, {
      method: "POST",
      headers: { cookie: `edgesiem_session=${token}`, "content-type": "application/json" },
      body: JSON.stringify({ current_password: ADMIN_PASSWORD, new_password: "a-brand-new-passphrase" }),
    });
    expect(response.status).toBe(403);
  });
});

describe("an admin resetting a password", () => {
  it("gives a one-time password, ends the user's sessions, and makes them change it before anything else", async () => {
    const admin = await login();
    const id = await newUser(admin, "vera", "veras-first-passphrase");
    const before = await login("vera", "veras-first-passphrase");

    const reset = await call<{ temporary_password: string; user: { must_change_password: boolean } }>(
      `/api/v1/users/${id}/password-reset`,
      { method: "POST", token: admin },
    );
    expect(reset.status).toBe(200);
    expect(reset.body.user.must_change_password).toBe(true);
    expect(reset.body.temporary_password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await me(before)).status).toBe(401);
    expect((await signIn("vera", "veras-first-passphrase")).status).toBe(401);

    const temporary = await signIn("vera", reset.body.temporary_password);
    expect(temporary.status).toBe(200);
    expect(temporary.body.password_change_required).toBe(true);
    const blocked = await call("/api/v1/events", { token: temporary.body.token });
    expect(blocked).toMatchObject({
      status: 403,
      body: { error: "password change required: POST /api/v1/auth/password with current_password and new_password" },
    });
    expect((await me(temporary.body.token)).status).toBe(200);

    expect(
      (await changePassword(temporary.body.token, reset.body.temporary_password, "veras-new-passphrase")).status,
    ).toBe(200);
    expect((await call("/api/v1/events", { token: temporary.body.token })).status).toBe(200);
    expect((await signIn("vera", "veras-new-passphrase")).body.password_change_required).toBe(false);
  });

  it("is for admins only, on someone else, and names a missing user", async () => {
    const admin = await login();
    const id = await newUser(admin, "walt", "walts-first-passphrase");
    await call(`/api/v1/users/${id}`, { method: "PATCH", token: admin, json: { role: "analyst" } });
    const analyst = await login("walt", "walts-first-passphrase");
    expect((await call("/api/v1/users/1/password-reset", { method: "POST", token: analyst })).status).toBe(403);
    const self = await call<{ error: string }>("/api/v1/users/1/password-reset", { method: "POST", token: admin });
    expect(self.status).toBe(409);
    expect((await call("/api/v1/users/999/password-reset", { method: "POST", token: admin })).body).toEqual({
      error: "no user with id 999",
    });
  });
});

describe("password rules", () => {
  it.each([
    ["short-pass", "the password must be 12 to 256 characters long"],
    ["password1234", "the password is one of the most common passwords; choose another"],
    ["QWERTYUIOP12", "the password is one of the most common passwords; choose another"],
    ["zzzzzzzzzzzzzz", "the password must not be one character repeated"],
    ["someone-long-name", "the password must not be the username"],
  ])("refuses %j at sign-up: %s", async (password, error) => {
    const res = await call("/api/v1/auth/signup", {
      method: "POST",
      json: { username: "someone-long-name", password },
    });
    expect(res).toMatchObject({ status: 400, body: { error } });
  });

  it("lets a first-start ADMIN_PASSWORD the rules refuse in once, to be changed", async () => {
    await ensureAdmin(openStore(env.DB), "password1234");
    const first = await signIn("admin", "password1234");
    expect(first.status).toBe(200);
    expect(first.body.password_change_required).toBe(true);
    expect((await call("/api/v1/alerts", { token: first.body.token })).status).toBe(403);
  });
});
