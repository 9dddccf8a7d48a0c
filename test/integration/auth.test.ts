import { env } from "cloudflare:test";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, call, login } from "../support/workers/api.ts";

describe("first start", () => {
  it("creates the admin account with ADMIN_PASSWORD when none exists", async () => {
    const res = await call<{ user: { username: string; role: string } }>("/api/v1/auth/login", {
      method: "POST",
      json: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: "admin", role: "admin" });
  });

  it("stores the password as PBKDF2 with a per-user salt and the iteration count", async () => {
    await call("/api/v1/health");
    const row = await env.DB.prepare(
      "SELECT password_hash, password_salt, password_iterations FROM users WHERE username = 'admin'",
    ).first<{ password_hash: string; password_salt: string; password_iterations: number }>();
    expect(row?.password_iterations).toBe(100_000);
    expect(row?.password_salt).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(row?.password_hash).not.toContain(ADMIN_PASSWORD);
  });
});

describe("sign-in", () => {
  it("returns a session token in the body and an HttpOnly SameSite=Strict cookie", async () => {
    const res = await call<{ token: string; expires_at: string }>("/api/v1/auth/login", {
      method: "POST",
      json: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(res.body.token.split(".")).toHaveLength(3);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`edgesiem_session=${res.body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Secure/i);
  });

  it("accepts the session cookie as well as the Bearer header", async () => {
    const token = await login();
    const byCookie = await call<{ user: { username: string } }>("/api/v1/auth/me", {
      headers: { cookie: `edgesiem_session=${token}` },
    });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.user.username).toBe("admin");
    const byBearer = await call("/api/v1/auth/me", { token });
    expect(byBearer.status).toBe(200);
  });

  it("answers a wrong password and an unknown user identically", async () => {
    const wrong = await call("/api/v1/auth/login", {
      method: "POST",
      json: { username: "admin", password: "not-the-password" },
    });
    const unknown = await call("/api/v1/auth/login", {
      method: "POST",
      json: { username: "nobody-here", password: "not-the-password" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it("rate-limits failures per username and IP with 429 and Retry-After", async () => {
    const attempt = (ip: string, password = "wrong-password") =>
      call("/api/v1/auth/login", {
        method: "POST",
        headers: { "cf-connecting-ip": ip },
        json: { username: "admin", password },
      });
    for (let i = 0; i < 5; i++) expect((await attempt("203.0.113.7")).status).toBe(401);
    const limited = await attempt("203.0.113.7", ADMIN_PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body).toEqual({ error: "too many failed sign-ins; try again later" });
    // Another address is not punished for the first one's failures.
    expect((await attempt("203.0.113.8", ADMIN_PASSWORD)).status).toBe(200);
  });

  it("refuses malformed bodies with a JSON error naming the problem", async () => {
    const notJson = await call("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: expect.stringContaining("invalid JSON") });
    const missing = await call("/api/v1/auth/login", { method: "POST", json: { username: "admin" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "'password' is required and must be a string" });
    const wrongType = await call("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "admin",
    });
    expect(wrongType.status).toBe(415);
  });

  it("logout ends the session even though the token has not expired", async () => {
    const token = await login();
    expect((await call("/api/v1/auth/logout", { method: "POST", token })).status).toBe(200);
    const after = await call("/api/v1/auth/me", { token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: "session ended: sign in again" });
  });
});

describe("session tokens", () => {
  const secret = new TextEncoder().encode(env.JWT_SECRET);

  it("refuses a missing, forged, expired or alg:none token", async () => {
    expect((await call("/api/v1/auth/me")).status).toBe(401);
    const forged = await new SignJWT({ scope: "session" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("edgesiem")
      .setSubject("1")
      .setJti("x")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-another-secret"));
    expect((await call("/api/v1/auth/me", { token: forged })).status).toBe(401);
    const expired = await new SignJWT({ scope: "session" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("edgesiem")
      .setSubject("1")
      .setJti("x")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    const expiredRes = await call("/api/v1/auth/me", { token: expired });
    expect(expiredRes.status).toBe(401);
    expect(expiredRes.body).toEqual({ error: "session expired: sign in again" });
    const header = btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "");
    const payload = btoa(JSON.stringify({ scope: "session", sub: "1", jti: "x", iss: "edgesiem", exp: 9e9 })).replace(
      /=+$/,
      "",
    );
    expect((await call("/api/v1/auth/me", { token: `${header}.${payload}.` })).status).toBe(401);
  });

  it("refuses a cookie-authenticated change from another origin", async () => {
    const token = await login();
    const res = await call("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie: `edgesiem_session=${token}`, origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect((await call("/api/v1/auth/me", { token })).status).toBe(200);
  });
});
