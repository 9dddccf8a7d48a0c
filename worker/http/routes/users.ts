import { Hono } from "hono";
import { auditQuery } from "../../audit/record.ts";
import { resetPassword } from "../../auth/password-change.ts";
import { revokeUserSessions } from "../../store/sessions.ts";
import { findUserById, listUsers, publicUser, ROLES, type Role, updateUser } from "../../store/users.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { positiveIntParam, readJsonObject } from "../body.ts";
import { clientIp } from "../client-ip.ts";
import type { AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

export const userRoutes = new Hono<AppEnv>()
  .use(requireSession, requireRole("admin"))
  .get("/", async (c) => c.json({ users: (await listUsers(c.var.store)).map(publicUser) }))
  .patch("/:id", async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const body = await readJsonObject(c);
    const changes: { role?: Role; enabled?: boolean } = {};
    if ("role" in body) {
      if (!ROLES.includes(body.role as Role)) throw new ApiError(400, `'role' must be one of ${ROLES.join(", ")}`);
      changes.role = body.role as Role;
    }
    if ("enabled" in body) {
      if (typeof body.enabled !== "boolean") throw new ApiError(400, "'enabled' must be true or false");
      changes.enabled = body.enabled;
    }
    if (Object.keys(changes).length === 0) throw new ApiError(400, "nothing to change: send 'role' and/or 'enabled'");
    const target = await findUserById(c.var.store, id);
    if (!target) throw new ApiError(404, `no user with id ${id}`);
    // The last way in must stay open: an admin cannot lock themselves out.
    if (target.id === c.var.user.id && (changes.enabled === false || (changes.role && changes.role !== "admin"))) {
      throw new ApiError(409, "you cannot disable yourself or take away your own admin role");
    }
    const now = Date.now();
    const changed = Object.fromEntries(
      Object.entries(changes).map(([key, to]) => [key, { from: target[key as keyof typeof changes], to }]),
    );
    const audit = auditEntry(c, "user.update", { type: "user", id }, { username: target.username, ...changed });
    const updated = await updateUser(c.var.store, id, changes, now, [
      auditQuery(c.var.store, audit, { onlyIfChanged: true }),
    ]);
    if (!updated) throw new ApiError(404, `no user with id ${id}`);
    if (changes.enabled === false || (changes.role && changes.role !== target.role)) {
      await revokeUserSessions(c.var.store, id, now);
    }
    return c.json({ user: publicUser(updated) });
  })
  .post("/:id/password-reset", async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const target = await findUserById(c.var.store, id);
    if (!target) throw new ApiError(404, `no user with id ${id}`);
    if (target.id === c.var.user.id) {
      throw new ApiError(409, "reset your own password with POST /api/v1/auth/password instead");
    }
    const reset = await resetPassword(c.var.store, c.var.user, target, clientIp(c));
    return c.json({ user: publicUser(reset.user), temporary_password: reset.temporaryPassword });
  });
