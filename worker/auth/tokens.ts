/**
 * Session, agent and device JWTs (HS256 through jose). The algorithm is pinned on verification, so a token
 * claiming `alg: none` or an asymmetric algorithm is refused before its signature is even looked at.
 */
import { errors, jwtVerify, SignJWT } from "jose";

const ISSUER = "edgesiem";
const ALGORITHM = "HS256";

export interface SessionClaims {
  scope: "session";
  /** Session id, a row of `sessions`. */
  jti: string;
  /** User id. */
  sub: string;
  exp: number;
}

export interface AgentClaims {
  scope: "ingest";
  /** Token id, a row of `agent_tokens`. */
  jti: string;
  name: string;
}

function keyOf(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error("JWT_SECRET must be at least 32 characters");
  return new TextEncoder().encode(secret);
}

export async function signSessionToken(secret: string, sessionId: string, userId: number, expiresAt: number) {
  return new SignJWT({ scope: "session" })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setIssuer(ISSUER)
    .setSubject(String(userId))
    .setJti(sessionId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(keyOf(secret));
}

/** Agent tokens do not expire on their own: hosts run unattended; an admin revokes them instead. */
export async function signAgentToken(secret: string, tokenId: string, name: string) {
  return new SignJWT({ scope: "ingest", name })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setIssuer(ISSUER)
    .setJti(tokenId)
    .setIssuedAt()
    .sign(keyOf(secret));
}

/**
 * A device token says "this browser signed in as this user before": it exempts the browser from
 * the per-account sign-in lock, so guesses from elsewhere cannot lock the real user out.
 */
export async function signDeviceToken(secret: string, userId: number, expiresAt: number) {
  return new SignJWT({ scope: "device" })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setIssuer(ISSUER)
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(keyOf(secret));
}

export type VerifyFailure = "invalid" | "expired" | "wrong_scope";

async function verify(secret: string, token: string) {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: [ALGORITHM], issuer: ISSUER });
    return { ok: true as const, payload };
  } catch (error) {
    return {
      ok: false as const,
      reason: (error instanceof errors.JWTExpired ? "expired" : "invalid") as VerifyFailure,
    };
  }
}

export async function verifySessionToken(
  secret: string,
  token: string,
): Promise<{ ok: true; claims: SessionClaims } | { ok: false; reason: VerifyFailure }> {
  const result = await verify(secret, token);
  if (!result.ok) return result;
  const { payload } = result;
  if (payload.scope !== "session") return { ok: false, reason: "wrong_scope" };
  if (typeof payload.jti !== "string" || typeof payload.sub !== "string" || typeof payload.exp !== "number") {
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, claims: { scope: "session", jti: payload.jti, sub: payload.sub, exp: payload.exp } };
}

export async function verifyAgentToken(
  secret: string,
  token: string,
): Promise<{ ok: true; claims: AgentClaims } | { ok: false; reason: VerifyFailure }> {
  const result = await verify(secret, token);
  if (!result.ok) return result;
  const { payload } = result;
  if (payload.scope !== "ingest") return { ok: false, reason: "wrong_scope" };
  if (typeof payload.jti !== "string") return { ok: false, reason: "invalid" };
  return { ok: true, claims: { scope: "ingest", jti: payload.jti, name: String(payload.name ?? "") } };
}

/** The user id a device token was issued to, or null for anything else (absent, forged, expired). */
export async function deviceTokenUser(secret: string, token: string | undefined): Promise<number | null> {
  if (token === undefined) return null;
  const result = await verify(secret, token);
  if (!result.ok || result.payload.scope !== "device") return null;
  const userId = Number(result.payload.sub);
  return Number.isSafeInteger(userId) ? userId : null;
}

/**
 * State a client carries between requests and hands back (a backtest's pages): signed, so it comes
 * back exactly as the server wrote it, and short-lived. `purpose` is its scope, so no such token
 * passes for a session or an agent, nor one purpose's for another's.
 */
export async function signStateToken(secret: string, purpose: string, state: unknown, expiresAt: number) {
  return new SignJWT({ scope: `state:${purpose}`, state })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(keyOf(secret));
}

export async function verifyStateToken(
  secret: string,
  purpose: string,
  token: string,
): Promise<{ ok: true; state: unknown } | { ok: false; reason: VerifyFailure }> {
  const result = await verify(secret, token);
  if (!result.ok) return result;
  if (result.payload.scope !== `state:${purpose}`) return { ok: false, reason: "wrong_scope" };
  return { ok: true, state: result.payload.state };
}
