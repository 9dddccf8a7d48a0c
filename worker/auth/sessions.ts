import type { StoreHandle } from "../store/handle.ts";
import type { UserRow } from "../store/schema.ts";
import { findSessionUser, insertSession } from "../store/sessions.ts";
import { signSessionToken, verifySessionToken } from "./tokens.ts";

export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;

export async function startSession(
  store: StoreHandle,
  secret: string,
  user: UserRow,
  ttlSeconds: number,
  now = Date.now(),
) {
  const sessionId = crypto.randomUUID();
  const expiresAt = now + ttlSeconds * 1000;
  await insertSession(store, sessionId, user.id, now, expiresAt);
  const token = await signSessionToken(secret, sessionId, user.id, expiresAt);
  return { token, sessionId, expiresAt };
}

export type SessionCheck =
  | { ok: true; user: UserRow; sessionId: string }
  | { ok: false; error: string; status: 401 | 403 };

/** A session token is good only while its signature, expiry, session row and user all are. */
export async function resolveSession(
  store: StoreHandle,
  secret: string,
  token: string,
  now = Date.now(),
): Promise<SessionCheck> {
  const verified = await verifySessionToken(secret, token);
  if (!verified.ok) {
    const error =
      verified.reason === "expired"
        ? "session expired: sign in again"
        : verified.reason === "wrong_scope"
          ? "an agent token cannot be used for the dashboard API"
          : "invalid session token";
    return { ok: false, error, status: 401 };
  }
  const user = await findSessionUser(store, verified.claims.jti, now);
  if (!user) return { ok: false, error: "session ended: sign in again", status: 401 };
  return { ok: true, user, sessionId: verified.claims.jti };
}
