/**
 * Who is calling: dashboard users by session (cookie or Bearer), agents by their ingest token.
 * A session token never opens ingest and an agent token never opens the dashboard API.
 */
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { resolveAgent } from "../../auth/agents.ts";
import { resolveSession } from "../../auth/sessions.ts";
import type { Role } from "../../store/users.ts";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../context.ts";

export const SESSION_COOKIE = "edgesiem_session";

const ROLE_RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * The session check. An account that must change its password (after an admin reset) may only
 * reach what `requireSessionToChangePassword` guards until it has.
 */
function sessionCheck(passwordChangeAllowed: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const headerToken = bearer(c.req.header("authorization"));
    const cookieToken = getCookie(c, SESSION_COOKIE) ?? null;
    const token = headerToken ?? cookieToken;
    if (!token)
      throw new ApiError(401, "sign in first: no session cookie or Bearer token", { "WWW-Authenticate": "Bearer" });
    // A cookie rides along on cross-site requests; a browser's Origin header tells us where from.
    // Browsers send Origin on every state-changing fetch, so a cookie change without one is refused
    // too: it came from something that is not our page. A Bearer token is never sent by itself.
    if (!headerToken && !SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header("origin");
      if (!origin) throw new ApiError(403, "a change made with the session cookie must carry an Origin header");
      if (origin !== new URL(c.req.url).origin) {
        throw new ApiError(403, `cross-origin request from ${origin} refused`);
      }
    }
    const session = await resolveSession(c.var.store, c.env.JWT_SECRET, token);
    if (!session.ok) throw new ApiError(session.status, session.error, { "WWW-Authenticate": "Bearer" });
    if (session.user.mustChangePassword && !passwordChangeAllowed) {
      throw new ApiError(
        403,
        "password change required: POST /api/v1/auth/password with current_password and new_password",
      );
    }
    c.set("user", session.user);
    c.set("sessionId", session.sessionId);
    await next();
  });
}

export const requireSession = sessionCheck(false);

/** For signing out, reading who one is and changing the password: open while a change is due. */
export const requireSessionToChangePassword = sessionCheck(true);

export function requireRole(role: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (ROLE_RANK[c.var.user.role] < ROLE_RANK[role]) {
      throw new ApiError(403, `this needs the ${role} role; you are ${c.var.user.role}`);
    }
    await next();
  });
}

/** PocketSIEM's agents send their token in `x-access-tokens`; EdgeSIEM's use Bearer. */
export const requireAgent = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("authorization")) ?? c.req.header("x-access-tokens") ?? null;
  if (!token)
    throw new ApiError(401, "missing agent token: send Authorization: Bearer <token>", {
      "WWW-Authenticate": "Bearer",
    });
  const agent = await resolveAgent(c.var.store, c.env.JWT_SECRET, token);
  if (!agent.ok) throw new ApiError(401, agent.error, { "WWW-Authenticate": "Bearer" });
  c.set("agent", { tokenId: agent.tokenId, name: agent.name });
  await next();
});
