import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { auditQuery, recordAudit } from "../../audit/record.ts";
import { ensureAdmin } from "../../auth/bootstrap.ts";
import { attemptLogin } from "../../auth/login.ts";
import { changeOwnPassword } from "../../auth/password-change.ts";
import { PASSWORD_MAX_LENGTH, passwordProblem } from "../../auth/password-policy.ts";
import { hashPassword } from "../../auth/passwords.ts";
import { DEFAULT_SESSION_TTL_SECONDS, startSession } from "../../auth/sessions.ts";
import { type SsoConfig, SsoConfigError, ssoConfig } from "../../auth/sso.ts";
import { signInWithSso } from "../../auth/sso-login.ts";
import { signDeviceToken } from "../../auth/tokens.ts";
import { iso } from "../../model/iso-time.ts";
import type { SignupStatus } from "../../model/wire/auth.ts";
import type { UserRow } from "../../store/schema.ts";
import { revokeSession } from "../../store/sessions.ts";
import { insertUser, publicUser } from "../../store/users.ts";
import { ApiError } from "../api-error.ts";
import { readJsonObject, stringField } from "../body.ts";
import { clientIp } from "../client-ip.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireSessionToChangePassword, SESSION_COOKIE } from "../middleware/auth.ts";

export const USERNAME_RULES = {
  min: 3,
  max: 64,
  pattern: /^[A-Za-z0-9._@-]+$/,
  patternHint: "may contain only letters, digits and . _ @ -",
};

/** The device token's cookie, sent to the sign-in endpoints only. */
const DEVICE_COOKIE = "edgesiem_device";
const DEVICE_TTL_SECONDS = 180 * 24 * 60 * 60;

/** A new session for the user: its cookie, the device token's cookie, and the sign-in answer. */
async function issueSession(c: AppContext, user: UserRow) {
  const ttl = sessionTtl(c);
  const session = await startSession(c.var.store, c.env.JWT_SECRET, user, ttl);
  const secure = new URL(c.req.url).protocol === "https:";
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: "Strict", secure, path: "/", maxAge: ttl });
  const device = await signDeviceToken(c.env.JWT_SECRET, user.id, Date.now() + DEVICE_TTL_SECONDS * 1000);
  setCookie(c, DEVICE_COOKIE, device, {
    httpOnly: true,
    sameSite: "Strict",
    secure,
    path: "/api/v1/auth",
    maxAge: DEVICE_TTL_SECONDS,
  });
  return {
    token: session.token,
    expires_at: iso(session.expiresAt),
    user: publicUser(user),
    password_change_required: user.mustChangePassword,
  };
}

/** The deployment's SSO settings; a half-made one answers 500 naming what is missing. */
function ssoSettings(c: AppContext): SsoConfig | null {
  try {
    return ssoConfig(c.env);
  } catch (error) {
    if (error instanceof SsoConfigError) throw new ApiError(500, `server misconfigured: ${error.message}`);
    throw error;
  }
}

function sessionTtl(c: AppContext): number {
  const configured = Number(c.env.SESSION_TTL_SECONDS);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_SESSION_TTL_SECONDS;
}

export const authRoutes = new Hono<AppEnv>()
  .post("/login", async (c) => {
    const body = await readJsonObject(c);
    const username = stringField(body, "username", { max: 64 });
    const password = stringField(body, "password", { max: PASSWORD_MAX_LENGTH });
    await ensureAdmin(c.var.store, c.env.ADMIN_PASSWORD);
    const outcome = await attemptLogin(c.var.store, c.env.JWT_SECRET, {
      username,
      password,
      clientIp: clientIp(c),
      deviceToken: getCookie(c, DEVICE_COOKIE),
    });
    await recordAudit(c.var.store, {
      actor: outcome.ok ? { id: outcome.user.id, name: outcome.user.username } : { id: null, name: username },
      action: outcome.ok ? "auth.sign_in" : "auth.sign_in_failed",
      target: null,
      detail: outcome.ok ? {} : { reason: outcome.reason },
      ip: clientIp(c),
    });
    if (!outcome.ok) {
      if (outcome.reason === "rate_limited") {
        throw new ApiError(429, "too many failed sign-ins; try again later", {
          "Retry-After": String(outcome.retryAfterSeconds),
        });
      }
      throw new ApiError(401, "invalid username or password");
    }
    return c.json(await issueSession(c, outcome.user));
  })
  .get("/sso", (c) => {
    const config = ssoSettings(c);
    return c.json({ enabled: config !== null, provider: config?.provider ?? null });
  })
  .post("/sso", async (c) => {
    const config = ssoSettings(c);
    if (!config) throw new ApiError(404, "single sign-on is not configured on this server");
    // The identity header is added by Access or the proxy to whatever the browser sends, so a
    // sign-in started by another site's page is refused by its Origin.
    const origin = c.req.header("origin");
    if (origin && origin !== new URL(c.req.url).origin)
      throw new ApiError(403, `cross-origin request from ${origin} refused`);
    const outcome = await signInWithSso(c.var.store, config, c.req.header(config.header), clientIp(c));
    await recordAudit(c.var.store, {
      actor: outcome.ok ? { id: outcome.user.id, name: outcome.user.username } : { id: null, name: "sso" },
      action: outcome.ok ? "auth.sign_in" : "auth.sign_in_failed",
      target: null,
      detail: outcome.ok ? { via: config.provider } : { via: config.provider, reason: outcome.error },
      ip: clientIp(c),
    });
    if (!outcome.ok) throw new ApiError(outcome.status, outcome.error);
    return c.json(await issueSession(c, outcome.user));
  })
  .post("/logout", requireSessionToChangePassword, async (c) => {
    await revokeSession(c.var.store, c.var.sessionId, Date.now());
    await recordAudit(c.var.store, {
      actor: { id: c.var.user.id, name: c.var.user.username },
      action: "auth.sign_out",
      target: null,
      ip: clientIp(c),
    });
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true });
  })
  .get("/me", requireSessionToChangePassword, (c) => c.json({ user: publicUser(c.var.user) }))
  .post("/password", requireSessionToChangePassword, async (c) => {
    const body = await readJsonObject(c);
    const current = stringField(body, "current_password", { max: PASSWORD_MAX_LENGTH });
    const next = stringField(body, "new_password", { max: PASSWORD_MAX_LENGTH });
    const outcome = await changeOwnPassword(c.var.store, c.var.user, {
      current,
      next,
      sessionId: c.var.sessionId,
      ip: clientIp(c),
    });
    if (!outcome.ok) throw new ApiError(outcome.status, outcome.error);
    return c.json({ ok: true as const });
  })
  .post("/signup", async (c) => {
    const mode = c.env.SIGNUP_MODE ?? "approval";
    if (mode === "off") throw new ApiError(403, "sign-up is disabled on this server");
    const body = await readJsonObject(c);
    const username = stringField(body, "username", USERNAME_RULES);
    const password = stringField(body, "password", { max: PASSWORD_MAX_LENGTH });
    const problem = passwordProblem(password, username);
    if (problem) throw new ApiError(400, problem);
    const hashed = await hashPassword(password);
    const enabled = mode === "open";
    const user = await insertUser(
      c.var.store,
      {
        username,
        passwordHash: hashed.hash,
        passwordSalt: hashed.salt,
        passwordIterations: hashed.iterations,
        role: "viewer",
        enabled,
      },
      Date.now(),
      [
        auditQuery(
          c.var.store,
          {
            actor: { id: null, name: username },
            action: "user.create",
            target: { type: "user", id: "inserted" },
            detail: { username, role: "viewer", enabled, via: "sign_up" },
            ip: clientIp(c),
          },
          { onlyIfChanged: true },
        ),
      ],
    );
    if (!user) throw new ApiError(409, `username '${username}' is taken`);
    const status: SignupStatus = enabled ? "active" : "pending";
    return c.json({ user: publicUser(user), status }, 201);
  });
