import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { auditQuery, recordAudit } from "../../audit/record.ts";
import { ensureAdmin } from "../../auth/bootstrap.ts";
import { attemptLogin } from "../../auth/login.ts";
import { changeOwnPassword } from "../../auth/password-change.ts";
import { PASSWORD_MAX_LENGTH, passwordProblem } from "../../auth/password-policy.ts";
import { hashPassword } from "../../auth/passwords.ts";
import { DEFAULT_SESSION_TTL_SECONDS, startSession } from "../../auth/sessions.ts";
import { signDeviceToken } from "../../auth/tokens.ts";
import { iso } from "../../model/iso-time.ts";
import type { SignupStatus } from "../../model/wire/auth.ts";
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
    const ttl = sessionTtl(c);
    const session = await startSession(c.var.store, c.env.JWT_SECRET, outcome.user, ttl);
    const secure = new URL(c.req.url).protocol === "https:";
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: "Strict", secure, path: "/", maxAge: ttl });
    const device = await signDeviceToken(c.env.JWT_SECRET, outcome.user.id, Date.now() + DEVICE_TTL_SECONDS * 1000);
    setCookie(c, DEVICE_COOKIE, device, {
      httpOnly: true,
      sameSite: "Strict",
      secure,
      path: "/api/v1/auth",
      maxAge: DEVICE_TTL_SECONDS,
    });
    return c.json({
      token: session.token,
      expires_at: iso(session.expiresAt),
      user: publicUser(outcome.user),
      password_change_required: outcome.user.mustChangePassword,
    });
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
