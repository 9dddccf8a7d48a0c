/**
 * The abuse limits through the real app and D1. Most tests swap the limiter bindings for small
 * in-memory ones so a limit is reached in a few requests; the last ones use the bindings that
 * wrangler.toml configures, which the vitest pool simulates locally like `wrangler dev` does.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.ts";
import { createApp } from "../../worker/http/app.ts";
import { fixedWindowLimiter } from "../../worker/http/rate-limit/fixed-window.ts";
import { LOGIN_PER_IP } from "../../worker/http/rate-limit/limits.ts";
import mixed from "../fixtures/batches/mixed.json";
import { agentToken, BASE, login } from "../support/workers/api.ts";

const app = createApp();
const BATCH = JSON.stringify([mixed.events[0]]);

type Limiters = Partial<Pick<Env, "INGEST_TOKEN_RATE_LIMIT" | "INGEST_IP_RATE_LIMIT" | "LOGIN_IP_RATE_LIMIT">>;

function small(limit: number): RateLimit {
  return fixedWindowLimiter({ limit, periodSeconds: 60 });
}

async function send(limiters: Limiters, path: string, init: RequestInit & { ip?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set("cf-connecting-ip", init.ip ?? "198.51.100.1");
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`${BASE}${path}`, { ...init, headers }), { ...env, ...limiters }, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text || "null") };
}

function ingestBatch(limiters: Limiters, token: string, ip?: string) {
  return send(limiters, "/api/v1/ingest", {
    method: "POST",
    ip,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: BATCH,
  });
}

function signIn(limiters: Limiters, ip: string, body: unknown = { username: "admin", password: "wrong-password" }) {
  return send(limiters, "/api/v1/auth/login", {
    method: "POST",
    ip,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function storedEvents(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM events").first<number>("n")) ?? 0;
}

function expectRetryAfter(headers: Headers) {
  const seconds = Number(headers.get("retry-after"));
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
}

/** The local binding counts in clock-aligned windows: start well inside one so a run cannot straddle two. */
async function awayFromWindowEdge(periodSeconds: number) {
  const left = periodSeconds * 1000 - (Date.now() % (periodSeconds * 1000));
  if (left < 5000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

let admin: string;
let first: string;
let second: string;

beforeEach(async () => {
  admin = await login();
  first = (await agentToken(admin, "web1")).token;
  second = (await agentToken(admin, "web2")).token;
});

describe("ingest limit per agent token", () => {
  it("stores batches under the limit and answers the next with 429, Retry-After and the limit's name", async () => {
    const limiters = { INGEST_TOKEN_RATE_LIMIT: small(3) };
    for (let i = 0; i < 3; i++) {
      const accepted = await ingestBatch(limiters, first);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ accepted: 1, status: "stored" });
    }
    expect(await storedEvents()).toBe(3);

    const refused = await ingestBatch(limiters, first);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: expect.stringMatching(/^rate limit exceeded: too many ingest requests from this agent token in 60 s/),
      limit: "token",
    });
    expectRetryAfter(refused.headers);
    expect(await storedEvents()).toBe(3);
  });

  it("does not hold back another token from the same address", async () => {
    const limiters = { INGEST_TOKEN_RATE_LIMIT: small(1) };
    expect((await ingestBatch(limiters, first)).status).toBe(200);
    expect((await ingestBatch(limiters, first)).status).toBe(429);
    expect((await ingestBatch(limiters, second)).status).toBe(200);
    expect(await storedEvents()).toBe(2);
  });

  it("counts on every ingest path: native, Falco, PocketSIEM, Splunk HEC and Elasticsearch", async () => {
    const limiters = { INGEST_TOKEN_RATE_LIMIT: small(1) };
    const paths: { path: string; headers: Record<string, string>; body: string }[] = [
      { path: "/api/v1/ingest", headers: { "content-type": "application/json" }, body: BATCH },
      { path: "/api/v1/ingest/falco", headers: { "content-type": "application/json" }, body: "{}" },
      { path: "/winlog", headers: { "content-type": "application/json" }, body: "{}" },
      { path: "/sshlogin", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "host=a" },
      { path: "/falcolog", headers: { "content-type": "application/json" }, body: "{}" },
      { path: "/services/collector/event", headers: {}, body: '{"event":"x"}' },
      { path: "/api/v1/compat/es/_bulk", headers: { "content-type": "application/x-ndjson" }, body: "" },
    ];
    for (const { path, headers, body } of paths) {
      const token = (await agentToken(admin, `agent-${path.replaceAll("/", "-")}`)).token;
      const init = { method: "POST", headers: { ...headers, authorization: `Bearer ${token}` }, body };
      const firstAnswer = await send(limiters, path, init);
      expect(firstAnswer.status, path).not.toBe(429);
      const secondAnswer = await send(limiters, path, init);
      expect(secondAnswer.status, path).toBe(429);
      expect(secondAnswer.body.limit, path).toBe("token");
    }
  });
});

describe("ingest limit per IP address", () => {
  it("refuses a further request from one address whatever the token, before the token is checked", async () => {
    const limiters = { INGEST_IP_RATE_LIMIT: small(2) };
    expect((await ingestBatch(limiters, first, "203.0.113.5")).status).toBe(200);
    expect((await ingestBatch(limiters, second, "203.0.113.5")).status).toBe(200);
    const refused = await ingestBatch(limiters, "not-even-a-token", "203.0.113.5");
    expect(refused.status).toBe(429);
    expect(refused.body.limit).toBe("ip");
    expect(refused.body.error).toMatch(/ingest requests from this IP address/);
    expectRetryAfter(refused.headers);
    expect((await ingestBatch(limiters, first, "203.0.113.6")).status).toBe(200);
  });
});

describe("sign-in limit per IP address", () => {
  it("answers 429 past the limit without trying the password or counting a failure", async () => {
    const limiters = { LOGIN_IP_RATE_LIMIT: small(3) };
    for (let i = 0; i < 3; i++) expect((await signIn(limiters, "203.0.113.20")).status).toBe(401);
    const failures = await env.DB.prepare("SELECT failures FROM login_failures").first<number>("failures");

    const refused = await signIn(limiters, "203.0.113.20", { username: "admin", password: "admin-test-password" });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: expect.stringMatching(/too many sign-in and sign-up requests from this IP address/),
      limit: "ip",
    });
    expectRetryAfter(refused.headers);
    expect(await env.DB.prepare("SELECT failures FROM login_failures").first<number>("failures")).toBe(failures);

    const elsewhere = await signIn(limiters, "203.0.113.21", { username: "admin", password: "admin-test-password" });
    expect(elsewhere.status).toBe(200);
  });

  it("counts sign-ups with sign-ins", async () => {
    const limiters = { LOGIN_IP_RATE_LIMIT: small(1) };
    expect((await signIn(limiters, "203.0.113.30")).status).toBe(401);
    const signUp = await send(limiters, "/api/v1/auth/signup", {
      method: "POST",
      ip: "203.0.113.30",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "mallory", password: "a-long-enough-password" }),
    });
    expect(signUp.status).toBe(429);
  });

  it("lets requests through when the limiter itself fails", async () => {
    const broken: RateLimit = {
      limit: async () => {
        throw new Error("limiter unavailable");
      },
    };
    expect((await signIn({ LOGIN_IP_RATE_LIMIT: broken }, "203.0.113.40")).status).toBe(401);
  });
});

describe("the configured limits", () => {
  it("are enforced by wrangler.toml's binding: the default sign-in limit refuses request limit+1", async () => {
    await awayFromWindowEdge(LOGIN_PER_IP.periodSeconds);
    // Cheap requests (a body without a password is refused before any hashing) still count.
    for (let i = 0; i < LOGIN_PER_IP.limit; i++) expect((await signIn({}, "203.0.113.50", {})).status).toBe(400);
    const refused = await signIn({}, "203.0.113.50", {});
    expect(refused.status).toBe(429);
    expect(refused.body.limit).toBe("ip");
  });

  it("are counted in memory with the same defaults when a binding is absent", async () => {
    await awayFromWindowEdge(LOGIN_PER_IP.periodSeconds);
    const unbound = { LOGIN_IP_RATE_LIMIT: undefined };
    for (let i = 0; i < LOGIN_PER_IP.limit; i++) expect((await signIn(unbound, "203.0.113.60", {})).status).toBe(400);
    expect((await signIn(unbound, "203.0.113.60", {})).status).toBe(429);
  });
});
