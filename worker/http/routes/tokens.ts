import { Hono } from "hono";
import { auditQuery } from "../../audit/record.ts";
import { issueAgentToken } from "../../auth/agents.ts";
import { iso } from "../../model/iso-time.ts";
import { listAgentTokens, revokeAgentToken } from "../../store/agent-tokens.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { readJsonObject, stringField } from "../body.ts";
import type { AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

export const tokenRoutes = new Hono<AppEnv>()
  .use(requireSession, requireRole("admin"))
  .post("/", async (c) => {
    const body = await readJsonObject(c);
    const name = stringField(body, "name", {
      max: 128,
      pattern: /^[A-Za-z0-9 ._:@-]+$/,
      patternHint: "may contain only letters, digits, spaces and . _ : @ -",
    });
    const { token, row } = await issueAgentToken(
      c.var.store,
      c.env.JWT_SECRET,
      name,
      c.var.user.id,
      Date.now(),
      (id) => [auditQuery(c.var.store, auditEntry(c, "token.create", { type: "token", id }, { name }))],
    );
    if (!row) throw new ApiError(500, "token could not be stored");
    return c.json({ id: row.id, name: row.name, created_at: iso(row.createdAt), token }, 201);
  })
  .get("/", async (c) => {
    const rows = await listAgentTokens(c.var.store);
    return c.json({
      tokens: rows.map((row) => ({
        id: row.id,
        name: row.name,
        created_at: iso(row.createdAt),
        last_used_at: iso(row.lastUsedAt),
        revoked_at: iso(row.revokedAt),
      })),
    });
  })
  .delete("/:id", async (c) => {
    const id = c.req.param("id");
    const audit = auditEntry(c, "token.revoke", { type: "token", id });
    if (
      !(await revokeAgentToken(c.var.store, id, Date.now(), [auditQuery(c.var.store, audit, { onlyIfChanged: true })]))
    ) {
      throw new ApiError(404, `no active agent token with id ${id}`);
    }
    return c.json({ ok: true, id });
  });
