/**
 * Sign-in with two limits: per username and address, and per username across addresses. Each
 * attempt is counted before the password is checked, in one atomic statement, so parallel guesses
 * cannot all slip under the limit; a sign-in that succeeds clears its address's count. Both locks are fixed
 * windows that expire; a browser holding a device token for the account (it signed in as that
 * user before) skips the account limit, so guesses from elsewhere cannot keep the real user out.
 * Every failure is answered the same way whether the user exists or not, and whether a disabled or
 * unapproved account's password was right, and costs the same PBKDF2 work, so neither the answer
 * nor its timing tells an attacker which usernames are real or which password an account awaiting
 * approval has.
 */
import type { StoreHandle } from "../store/handle.ts";
import { clearLoginFailures, reserveLoginAttempt } from "../store/login-failures.ts";
import type { UserRow } from "../store/schema.ts";
import { findUserByName } from "../store/users.ts";
import { DUMMY_HASH, verifyPassword } from "./passwords.ts";
import { deviceTokenUser } from "./tokens.ts";

/** Failures per username and address in a window. */
export const LOGIN_MAX_FAILURES = 5;
/** Failures per username from every address together in a window (device-token holders excepted). */
export const ACCOUNT_MAX_FAILURES = 20;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

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

function locked(count: { failures: number; windowStart: number }, max: number, now: number): LoginOutcome | null {
  if (count.failures <= max) return null;
  return {
    ok: false,
    reason: "rate_limited",
    retryAfterSeconds: Math.ceil((count.windowStart + LOGIN_WINDOW_MS - now) / 1000),
  };
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
  const perAddress = locked(
    await reserveLoginAttempt(store, addressKey, now, LOGIN_WINDOW_MS),
    LOGIN_MAX_FAILURES,
    now,
  );
  if (perAddress) return perAddress;

  const user = await findUserByName(store, attempt.username);
  const trustedDevice = user !== undefined && (await deviceTokenUser(secret, attempt.deviceToken)) === user.id;
  if (!trustedDevice) {
    const perAccount = locked(
      await reserveLoginAttempt(store, accountKey, now, LOGIN_WINDOW_MS),
      ACCOUNT_MAX_FAILURES,
      now,
    );
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
  // The account's count is left to expire: a sign-in must not hand an attacker a fresh allowance.
  await clearLoginFailures(store, [addressKey]);
  return { ok: true, user };
}
