/**
 * Sign-in under attack, through the real Worker and local D1: the failure count per username and
 * address is reserved in one atomic step before the password is checked, an account has its own
 * limit across addresses, every lock expires, and a browser that signed in as the account before
 * is not locked out by someone else's guesses.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_LOCK_BASE_MS,
  ACCOUNT_LOCK_MAX_MS,
  ACCOUNT_MAX_FAILURES,
  LOGIN_MAX_FAILURES,
  LOGIN_WINDOW_MS,
} from "../../worker/auth/login.ts";
import { ADMIN_PASSWORD, BASE } from "../support/workers/api.ts";

interface Answer {
  status: number;
  body: { error?: string; token?: string };
  retryAfter: string | null;
  setCookie: string | null;
}

async function signIn(
  ip: string,
  password: string,
  options: { username?: string; cookie?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json", "cf-connecting-ip": ip };
  if (options.cookie) headers.cookie = options.cookie;
  const response = await SELF.fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    headers,
    body: JSON.stringify({ username: options.username ?? "admin", password }),
  });
  return {
    status: response.status,
    body: await response.json(),
    retryAfter: response.headers.get("retry-after"),
    setCookie: response.headers.get("set-cookie"),
  };
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();

/** Moves every failure window and lock back, as if that much time had passed. */
async function letTimePass(ms: number) {
  await env.DB.prepare(
    "UPDATE login_failures SET window_start = window_start - ?1, locked_until = max(locked_until - ?1, 0)",
  )
    .bind(ms)
    .run();
}

const ips = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `198.51.100.${from + i}`);

describe("failed sign-ins from one address", () => {
  it("checks at most the limit of 30 parallel wrong passwords; the rest are refused unchecked", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => signIn("203.0.113.7", "wrong-password")));
    expect(statuses(answers)).toEqual([
      ...Array(LOGIN_MAX_FAILURES).fill(401),
      ...Array(30 - LOGIN_MAX_FAILURES).fill(429),
    ]);
    const refused = answers.find((a) => a.status === 429);
    expect(refused?.body.error).toBe("too many failed sign-ins; try again later");
    expect(Number(refused?.retryAfter)).toBeGreaterThan(0);
    expect((await signIn("203.0.113.7", ADMIN_PASSWORD)).status).toBe(429);
    expect((await signIn("203.0.113.8", ADMIN_PASSWORD)).status).toBe(200);
  });

  it("lets the right password through again once the window has passed", async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await signIn("203.0.113.9", "wrong-password");
    expect((await signIn("203.0.113.9", ADMIN_PASSWORD)).status).toBe(429);
    await letTimePass(LOGIN_WINDOW_MS);
    expect((await signIn("203.0.113.9", ADMIN_PASSWORD)).status).toBe(200);
  });
});

describe("failed sign-ins to one account from many addresses", () => {
  it("locks the account after its own limit, for a known and an unknown username alike", async () => {
    for (const username of ["admin", "nobody-here"]) {
      const guesses = ips(ACCOUNT_MAX_FAILURES / 2, username === "admin" ? 1 : 101).flatMap((ip) => [ip, ip]);
      const answers: Answer[] = [];
      for (const ip of guesses) answers.push(await signIn(ip, "wrong-password", { username }));
      expect(statuses(answers)).toEqual(Array(ACCOUNT_MAX_FAILURES).fill(401));
      const locked = await signIn("192.0.2.200", username === "admin" ? ADMIN_PASSWORD : "x", { username });
      expect(locked.status).toBe(429);
      expect(locked.body.error).toBe("too many failed sign-ins; try again later");
    }
  });

  it("expires the lock: the account signs in again after the window, so no attacker locks it forever", async () => {
    for (const ip of ips(ACCOUNT_MAX_FAILURES)) await signIn(ip, "wrong-password");
    expect((await signIn("192.0.2.201", ADMIN_PASSWORD)).status).toBe(429);
    await letTimePass(LOGIN_WINDOW_MS);
    expect((await signIn("192.0.2.201", ADMIN_PASSWORD)).status).toBe(200);
  });

  it("backs off: each lock after the first allows one guess and doubles, up to a cap, and then expires", async () => {
    for (const ip of ips(ACCOUNT_MAX_FAILURES)) await signIn(ip, "wrong-password");
    const retryAfters: number[] = [];
    let nextIp = 150;
    for (let lock = 0; lock < 6; lock++) {
      const refused = await signIn(`198.51.100.${nextIp++}`, "wrong-password");
      expect(refused.status).toBe(429);
      retryAfters.push(Number(refused.retryAfter));
      await letTimePass(Number(refused.retryAfter) * 1000);
      expect((await signIn(`198.51.100.${nextIp++}`, "wrong-password")).status).toBe(401);
    }
    const base = ACCOUNT_LOCK_BASE_MS / 1000;
    const cap = ACCOUNT_LOCK_MAX_MS / 1000;
    expect(retryAfters).toEqual([base, 2 * base, 4 * base, 8 * base, cap, cap].map((s) => Math.min(s, cap)));

    const locked = await signIn("198.51.100.199", ADMIN_PASSWORD);
    expect(locked.status).toBe(429);
    await letTimePass(Number(locked.retryAfter) * 1000);
    expect((await signIn("198.51.100.200", ADMIN_PASSWORD)).status).toBe(200);
  });

  it("answers a locked unknown username exactly as a locked real one", async () => {
    const answers: Answer[] = [];
    for (const username of ["admin", "nobody-at-all"]) {
      for (const ip of ips(ACCOUNT_MAX_FAILURES, 1)) await signIn(ip, "wrong-password", { username });
      answers.push(await signIn("192.0.2.210", "wrong-password", { username }));
    }
    const [real, unknown] = answers.map((a) => ({ status: a.status, body: a.body, retryAfter: a.retryAfter }));
    expect(real).toEqual(unknown);
    expect(real?.status).toBe(429);
  });

  it("does not count an account's successful sign-ins towards its lock", async () => {
    for (const ip of ips(ACCOUNT_MAX_FAILURES + 5)) expect((await signIn(ip, ADMIN_PASSWORD)).status).toBe(200);
  });

  it("keeps signing in the browser that signed in as the account before, while strangers are locked out", async () => {
    const first = await signIn("192.0.2.10", ADMIN_PASSWORD);
    expect(first.status).toBe(200);
    const device = /edgesiem_device=[^;]+/.exec(first.setCookie ?? "")?.[0];
    expect(device).toBeDefined();
    expect(first.setCookie).toMatch(/HttpOnly/i);

    for (const ip of ips(ACCOUNT_MAX_FAILURES)) await signIn(ip, "wrong-password");
    expect((await signIn("192.0.2.11", ADMIN_PASSWORD)).status).toBe(429);
    expect((await signIn("192.0.2.12", ADMIN_PASSWORD, { cookie: device })).status).toBe(200);
    expect((await signIn("192.0.2.13", "wrong-password", { cookie: device })).status).toBe(401);
    expect((await signIn("192.0.2.14", ADMIN_PASSWORD, { cookie: "edgesiem_device=forged.token.value" })).status).toBe(
      429,
    );
  });
});
