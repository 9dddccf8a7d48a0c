/**
 * Sign-in with two limits: per username and address, and per username across addresses. Each
 * attempt is counted before the password is checked, in one atomic statement, so parallel guesses
 * cannot all slip under the limit; a sign-in that succeeds clears its address's count and gives
 * back its account attempt. The address limit is a fixed window; the account lock backs off (one
 * guess after each lock, each lock twice as long, capped) and always expires, and a browser holding
 * a device token for the account (it signed in as that user before) skips it, so guesses from
 * elsewhere cannot keep the real user out.
 * Every failure is answered the same way whether the user exists or not, and whether a disabled or
 * unapproved account's password was right, and costs the same PBKDF2 work, so neither the answer
 * nor its timing tells an attacker which usernames are real or which password an account awaiting
 * approval has.
 */
import type { StoreHandle } from "../store/handle.ts";
import {
  clearLoginFailures,
  refundLoginAttempt,
  reserveBackoffAttempt,
  reserveLoginAttempt,
} from "../store/login-failures.ts";
import type { UserRow } from "../store/schema.ts";
import { findUserByName } from "../store/users.ts";
import { DUMMY_HASH, verifyPassword } from "./passwords.ts";
import { deviceTokenUser } from "./tokens.ts";

/** Failures per username and address in a window. */
export const LOGIN_MAX_FAILURES = 5;
/** Failures per username from every address together in a window (device-token holders excepted). */
export const ACCOUNT_MAX_FAILURES = 20;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** The account's first lock; each lock after it doubles, up to ACCOUNT_LOCK_MAX_MS. */
export const ACCOUNT_LOCK_BASE_MS = 60 * 1000;
export const ACCOUNT_LOCK_MAX_MS = 15 * 60 * 1000;

export interface LoginAttempt {
  username: string;
  password: string;
  clientIp: string;
  /** The browser's device token, if it sent one. */
  deviceToken?: string;
}

export type LoginOutcome =
  | { ok: true; user: UserRow }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

function lockedUntil(until: number, now: number): LoginOutcome | null {
  if (until <= now) return null;
  return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.ceil((until - now) / 1000) };
}

export async function attemptLogin(
  store: StoreHandle,
  secret: string,
  attempt: LoginAttempt,
  now = Date.now(),
): Promise<LoginOutcome> {
  const name = attempt.username.toLowerCase();
  const addressKey = `${name}|${attempt.clientIp}`;
  const accountKey = `account|${name}`;
  const address = await reserveLoginAttempt(store, addressKey, now, LOGIN_WINDOW_MS);
  const perAddress =
    address.failures > LOGIN_MAX_FAILURES ? lockedUntil(address.windowStart + LOGIN_WINDOW_MS, now) : null;
  if (perAddress) return perAddress;

  const user = await findUserByName(store, attempt.username);
  const trustedDevice = user !== undefined && (await deviceTokenUser(secret, attempt.deviceToken)) === user.id;
  if (!trustedDevice) {
    const account = await reserveBackoffAttempt(store, accountKey, now, {
      max: ACCOUNT_MAX_FAILURES,
      windowMs: LOGIN_WINDOW_MS,
      lockMs: ACCOUNT_LOCK_BASE_MS,
      maxLockMs: ACCOUNT_LOCK_MAX_MS,
    });
    const perAccount = lockedUntil(account.lockedUntil, now);
    if (perAccount) return perAccount;
  }

  const stored = user
    ? { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations }
    : DUMMY_HASH;
  const matches = await verifyPassword(attempt.password, stored);
  if (!user || !matches || !user.enabled) {
    // A disabled or unapproved account's right password stays counted as a failure: otherwise the
    // answer, or a cleared limit, would confirm the password before approval.
    return { ok: false, reason: user && matches ? "disabled" : "invalid" };
  }
  // The account's count only loses this attempt: clearing it would hand an attacker a fresh allowance.
  await clearLoginFailures(store, [addressKey]);
  if (!trustedDevice) await refundLoginAttempt(store, accountKey);
  return { ok: true, user };
}
