/**
 * Sign-in with a rate limit per username+IP. Every failure is answered the same way whether the
 * user exists or not, and whether a disabled or unapproved account's password was right, and costs
 * the same PBKDF2 work, so neither the answer nor its timing tells an attacker which usernames are
 * real or which password an account awaiting approval has.
 */
import type { StoreHandle } from "../store/handle.ts";
import { clearLoginFailures, findLoginFailures, recordLoginFailure } from "../store/login-failures.ts";
import type { UserRow } from "../store/schema.ts";
import { findUserByName } from "../store/users.ts";
import { DUMMY_HASH, verifyPassword } from "./passwords.ts";

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export type LoginOutcome =
  | { ok: true; user: UserRow }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function attemptLogin(
  store: StoreHandle,
  username: string,
  password: string,
  clientIp: string,
  now = Date.now(),
): Promise<LoginOutcome> {
  const key = `${username.toLowerCase()}|${clientIp}`;
  const failures = await findLoginFailures(store, key);
  if (failures && failures.failures >= LOGIN_MAX_FAILURES && failures.windowStart > now - LOGIN_WINDOW_MS) {
    const retryAfterSeconds = Math.ceil((failures.windowStart + LOGIN_WINDOW_MS - now) / 1000);
    return { ok: false, reason: "rate_limited", retryAfterSeconds };
  }

  const user = await findUserByName(store, username);
  const stored = user
    ? { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations }
    : DUMMY_HASH;
  const matches = await verifyPassword(password, stored);
  if (!user || !matches || !user.enabled) {
    // A disabled or unapproved account's right password counts as a failure and clears nothing:
    // otherwise the answer, or a reset rate limit, would confirm the password before approval.
    await recordLoginFailure(store, key, now, LOGIN_WINDOW_MS);
    return { ok: false, reason: user && matches ? "disabled" : "invalid" };
  }
  await clearLoginFailures(store, key);
  return { ok: true, user };
}
