/**
 * Security checks over EVERY dashboard endpoint of the app. The endpoint list comes from
 * `createApp().routes`, so a route added later is covered without touching this file; only the
 * public endpoints in PUBLIC below are left out, each for the reason given there.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import { ADMIN_PASSWORD, agentToken, BASE, call } from "../support/workers/api.ts";
import { craftJwt, jwtPayload, tableDigests } from "../support/workers/tokens-and-tables.ts";

// Each test sends hundreds of requests; a busy machine needs more than the default 5 s.
vi.setConfig({ testTimeout: 60_000 });

const SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";
const PASSWORD = "a-long-password";

/** Endpoints that must answer without a dashboard session, and why. */
const PUBLIC: { method: string; path: RegExp; why: string }[] = [
  { method: "GET", path: /^\/api\/v1\/health$/, why: "liveness probe for the start script and monitors; no data" },
  { method: "POST", path: /^\/api\/v1\/auth\/login$/, why: "how a session is obtained" },
  { method: "POST", path: /^\/api\/v1\/auth\/signup$/, why: "creates a disabled viewer (or none, per SIGNUP_MODE)" },
  { method: "GET", path: /^\/api\/v1\/auth\/sso$/, why: "tells the sign-in page whether single sign-on is on" },
  {
    method: "POST",
    path: /^\/api\/v1\/auth\/sso$/,
    why: "signs in with a provider-signed identity token, no session yet",
  },
  { method: "*", path: /^\/api\/v1\/ingest(\/|$)/, why: "agent ingest: takes agent tokens, refuses sessions" },
  { method: "*", path: /^\/api\/v1\/compat\/es(\/|$)/, why: "Elasticsearch-compatible ingest: agent tokens" },
  { method: "*", path: /^\/services\/collector(\/|$)/, why: "Splunk HEC-compatible ingest: agent tokens" },
  { method: "*", path: /^\/(healthcheck|winlog|sshlogin|falcolog)$/, why: "PocketSIEM agent endpoints: agent tokens" },
];

/** Routes every signed-in user may call though they are not GETs. */
const ANY_ROLE_CHANGES: { method: string; path: string; why: string }[] = [
  { method: "POST", path: "/api/v1/auth/logout", why: "everyone may end their own session" },
  {
    method: "POST",
    path: "/api/v1/auth/password",
    why: "everyone may change their own password (needs the current one)",
  },
  { method: "POST", path: "/api/v1/coverage/what-if", why: "a read-only calculation; POST only to carry its body" },
];

/** Route prefixes for admins alone (users, agent tokens, webhooks, the audit log, dead letters). */
const ADMIN_ONLY = /^\/api\/v1\/(users|tokens|notifications|audit|dead-letters)(\/|$)/;

interface Endpoint {
  method: string;
  path: string;
}

function dashboardEndpoints(): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const route of createApp().routes) {
    // ALL entries are middleware (`.use`, e.g. the sign-in rate limit); the app has no `.all()` handlers.
    if (route.method === "ALL") continue;
    const { method, path } = route;
    const isPublic = PUBLIC.some((p) => (p.method === "*" || p.method === method) && p.path.test(path));
    if (!isPublic) seen.set(`${method} ${path}`, { method, path });
  }
  return [...seen.values()];
}

const ENDPOINTS = dashboardEndpoints();
const label = (e: Endpoint) => `${e.method} ${e.path}`;
const isChange = (e: Endpoint) => !["GET", "HEAD", "OPTIONS"].includes(e.method);
const anyRoleMayCall = (e: Endpoint) => ANY_ROLE_CHANGES.some((a) => a.method === e.method && a.path === e.path);

/** The path with its parameters filled in, by the ids of real rows where the test made some. */
function concrete(path: string, ids: Record<string, string> = {}): string {
  const prefix = Object.keys(ids).find((p) => path.startsWith(p));
  const id = prefix === undefined ? "1" : (ids[prefix] ?? "1");
  return path.replace(/:\w+(\{[^}]*\})?/g, id).replace(/\*/g, "x");
}

function request(endpoint: Endpoint, ids: Record<string, string>, auth: { token?: string; headers?: HeadersInit }) {
  return call(concrete(endpoint.path, ids), {
    method: endpoint.method,
    token: auth.token,
    headers: auth.headers,
    ...(endpoint.method === "GET" ? {} : { json: {} }),
  });
}

let nextIp = 0;

/** Signs in from an address of its own, so the per-IP sign-in limit never trips over this file's many sign-ins. */
async function login(username = "admin", password = ADMIN_PASSWORD): Promise<string> {
  nextIp += 1;
  const res = await call<{ token: string }>("/api/v1/auth/login", {
    method: "POST",
    headers: { "cf-connecting-ip": `198.51.100.${nextIp % 250}` },
    json: { username, password },
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

async function userWithRole(admin: string, username: string, role: "viewer" | "analyst" | "admin") {
  const signup = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
    method: "POST",
    headers: { "cf-connecting-ip": `192.0.2.${nextIp % 250}` },
    json: { username, password: PASSWORD },
  });
  const id = signup.body.user.id;
  await call(`/api/v1/users/${id}`, { method: "PATCH", token: admin, json: { enabled: true, role } });
  return { id, token: await login(username, PASSWORD) };
}

/** One row of everything a change could touch, so a wrongly allowed change would show. */
async function seed(admin: string): Promise<Record<string, string>> {
  const token = await agentToken(admin, "seed-host");
  const rule = await call<{ rule: { id: string } }>("/api/v1/rules", {
    method: "POST",
    token: admin,
    json: {
      text: "title: Seed\nid: 5eed0000-0000-4000-8000-000000000001\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image: x\n  condition: sel\n",
    },
  });
  const exception = await call<{ exception: { id: number } }>("/api/v1/exceptions", {
    method: "POST",
    token: admin,
    json: { field: "host.name", value: "seed" },
  });
  const list = await call<{ list: { id: number } }>("/api/v1/ip-lists", {
    method: "POST",
    token: admin,
    json: { name: "seed_ips", kind: "deny", entries: ["10.0.0.1"] },
  });
  const target = await call<{ target: { id: string } }>("/api/v1/notifications/targets", {
    method: "POST",
    token: admin,
    json: { name: "seed", url: "https://hooks.example.com/seed" },
  });
  const ids = {
    "/api/v1/tokens/": token.id,
    "/api/v1/rules/": rule.body.rule.id,
    "/api/v1/exceptions/": String(exception.body.exception.id),
    "/api/v1/ip-lists/": String(list.body.list.id),
    "/api/v1/notifications/targets/": target.body.target.id,
  };
  for (const [prefix, id] of Object.entries(ids)) if (!id) throw new Error(`seeding ${prefix} failed`);
  return ids;
}

describe("the endpoint list", () => {
  it("is derived from the app's routes and holds the dashboard API, not the public endpoints", () => {
    const labels = ENDPOINTS.map(label);
    expect(labels.length).toBeGreaterThan(40);
    expect(labels).toEqual(
      expect.arrayContaining([
        "GET /api/v1/events",
        "PATCH /api/v1/users/:id",
        "DELETE /api/v1/tokens/:id",
        "POST /api/v1/rules/import",
        "GET /api/v1/audit",
        "POST /api/v1/auth/logout",
      ]),
    );
    expect(labels).not.toContain("POST /api/v1/auth/login");
    expect(labels.filter((l) => /ingest|collector|compat|winlog|health/.test(l))).toEqual([]);
  });
});

describe("every dashboard endpoint refuses a request without a good session", () => {
  let badTokens: Record<string, string>;

  beforeEach(async () => {
    const admin = await login();
    const live = jwtPayload(admin);
    const claims = { scope: "session", iss: "edgesiem", sub: live.sub, jti: live.jti, iat: live.iat };
    const future = Math.floor(Date.now() / 1000) + 3600;
    const agent = await agentToken(admin, "agent-host");

    // A session that ended by sign-out, and one whose user was disabled behind its back (session row live).
    const ended = await userWithRole(admin, "ended", "admin");
    await call("/api/v1/auth/logout", { method: "POST", token: ended.token });
    const disabled = await userWithRole(admin, "disabled", "admin");
    await env.DB.prepare("UPDATE users SET enabled = 0 WHERE id = ?").bind(disabled.id).run();

    badTokens = {
      // The live admin session's own jti and sub: only the expiry is wrong.
      expired: await craftJwt(
        { alg: "HS256", typ: "JWT" },
        { ...claims, exp: Math.floor(Date.now() / 1000) - 60 },
        { hash: "SHA-256", secret: SECRET },
      ),
      forged: await craftJwt(
        { alg: "HS256", typ: "JWT" },
        { ...claims, exp: future },
        { hash: "SHA-256", secret: "another-secret-another-secret-another-secret" },
      ),
      "alg none": await craftJwt({ alg: "none", typ: "JWT" }, { ...claims, exp: future }),
      "alg NONE": await craftJwt({ alg: "NONE", typ: "JWT" }, { ...claims, exp: future }),
      // Signed with the real secret, but under an algorithm other than the pinned HS256.
      HS512: await craftJwt(
        { alg: "HS512", typ: "JWT" },
        { ...claims, exp: future },
        { hash: "SHA-512", secret: SECRET },
      ),
      // Key confusion: an RS256 header over an HMAC made with the secret.
      "RS256 header, HMAC signature": await craftJwt(
        { alg: "RS256", typ: "JWT" },
        { ...claims, exp: future },
        { hash: "SHA-256", secret: SECRET },
      ),
      "signature stripped": admin.split(".").slice(0, 2).join(".").concat("."),
      "agent token": agent.token,
      "ended session": ended.token,
      "disabled user": disabled.token,
      garbage: "not-a-jwt",
    };
  });

  it("answers 401 with only an error, with no token and with each bad token as Bearer or cookie", async () => {
    const wrong: string[] = [];
    for (const endpoint of ENDPOINTS) {
      const attempts: [string, { token?: string; headers?: HeadersInit }][] = [["no token", {}]];
      for (const [name, token] of Object.entries(badTokens)) {
        attempts.push([`${name} (Bearer)`, { token }]);
        // The cookie path of a change needs our Origin, else it is refused (403) before the token is read.
        attempts.push([`${name} (cookie)`, { headers: { cookie: `edgesiem_session=${token}`, origin: BASE } }]);
      }
      const answers = await Promise.all(attempts.map(([, auth]) => request(endpoint, {}, auth)));
      answers.forEach((res, i) => {
        const onlyError = typeof res.body === "object" && Object.keys(res.body).join() === "error";
        if (res.status !== 401 || !onlyError) wrong.push(`${label(endpoint)} with ${attempts[i]?.[0]}: ${res.status}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it("is reached by the real token: the refusals above are not some other failure", async () => {
    const admin = await login();
    const res = await call("/api/v1/auth/me", { token: admin });
    expect(res.status).toBe(200);
    const cookie = await call("/api/v1/auth/me", { headers: { cookie: `edgesiem_session=${admin}` } });
    expect(cookie.status).toBe(200);
  });
});

describe("roles", () => {
  it("viewers change nothing: every change answers 403 and every table is as it was", async () => {
    const admin = await login();
    const ids = await seed(admin);
    const viewer = await userWithRole(admin, "vera", "viewer");
    const before = await tableDigests();
    const wrong: string[] = [];
    for (const endpoint of ENDPOINTS.filter((e) => isChange(e) && !anyRoleMayCall(e))) {
      const res = await request(endpoint, { ...ids, "/api/v1/users/": String(viewer.id) }, { token: viewer.token });
      if (res.status !== 403) wrong.push(`${label(endpoint)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(wrong).toEqual([]);
    expect(await tableDigests()).toEqual(before);
  });

  it("analysts get 403 from every admin-only endpoint and change nothing there", async () => {
    const admin = await login();
    const ids = await seed(admin);
    const analyst = await userWithRole(admin, "anna", "analyst");
    const adminOnly = ENDPOINTS.filter((e) => ADMIN_ONLY.test(e.path));
    expect(adminOnly.map(label)).toEqual(expect.arrayContaining(["GET /api/v1/users", "GET /api/v1/audit"]));
    const before = await tableDigests();
    const wrong: string[] = [];
    for (const endpoint of adminOnly) {
      const res = await request(endpoint, { ...ids, "/api/v1/users/": String(analyst.id) }, { token: analyst.token });
      if (res.status !== 403) wrong.push(`${label(endpoint)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(wrong).toEqual([]);
    expect(await tableDigests()).toEqual(before);
  });
});

describe("state-changing requests made with the session cookie check Origin", () => {
  it("refuses every change with no Origin, a foreign Origin or Origin null, and nothing changes", async () => {
    const admin = await login();
    const ids = await seed(admin);
    const cookie = `edgesiem_session=${admin}`;
    const before = await tableDigests();
    const wrong: string[] = [];
    const origins: [string, Record<string, string>][] = [
      ["no Origin", { cookie }],
      ["foreign Origin", { cookie, origin: "https://evil.example" }],
      ["Origin null", { cookie, origin: "null" }],
      ["look-alike Origin", { cookie, origin: `${BASE}.evil.example` }],
    ];
    for (const endpoint of ENDPOINTS.filter(isChange)) {
      for (const [name, headers] of origins) {
        const res = await request(endpoint, ids, { headers });
        if (res.status !== 403) wrong.push(`${label(endpoint)} with ${name}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await tableDigests()).toEqual(before);
  });

  it("accepts a change with the cookie and our own Origin, and with a Bearer token and no Origin", async () => {
    const admin = await login();
    const byCookie = await call("/api/v1/tokens", {
      method: "POST",
      headers: { cookie: `edgesiem_session=${admin}`, origin: BASE },
      json: { name: "cookie-made" },
    });
    expect(byCookie.status).toBe(201);
    const byBearer = await call("/api/v1/tokens", { method: "POST", token: admin, json: { name: "bearer-made" } });
    expect(byBearer.status).toBe(201);
  });
});

describe("agent endpoints", () => {
  it("refuse a dashboard session token", async () => {
    const admin = await login();
    for (const path of ["/api/v1/ingest", "/winlog"]) {
      const res = await call(path, {
        method: "POST",
        token: admin,
        body: "[]",
        headers: { "content-type": "application/json" },
      });
      expect(res.status, path).toBe(401);
    }
  });
});
