/** Webhook targets for alert notifications (admin only). The secret is write-only. */
import { Hono } from "hono";
import { auditQuery } from "../../audit/record.ts";
import { RULE_LEVELS, type RuleLevel } from "../../detect/types.ts";
import { iso } from "../../model/iso-time.ts";
import { webhookUrlProblem } from "../../notify/target-url.ts";
import { enqueueTestNotice } from "../../notify/test-notice.ts";
import { NOTIFY_FORMATS, type NotificationTargetRow, type NotifyFormat } from "../../store/notification-schema.ts";
import {
  deleteTarget,
  findTarget,
  findTargetByName,
  insertTarget,
  listTargets,
  type TargetSettings,
  updateTarget,
} from "../../store/notification-targets.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { readJsonObject, stringField } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

const FIELDS = ["name", "url", "format", "min_level", "enabled", "secret"];
const DEFAULT_MIN_LEVEL: RuleLevel = "high";

function publicTarget(row: NotificationTargetRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format,
    min_level: row.minLevel,
    enabled: row.enabled,
    has_secret: row.secret !== null,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    last_attempt_at: iso(row.lastAttemptAt),
    last_status: row.lastStatus,
    last_error: row.lastError,
    last_delivered_at: iso(row.lastDeliveredAt),
  };
}

/** Reads the settings present in the body; every one is checked, absent ones are left out. */
function readSettings(body: Record<string, unknown>): Partial<TargetSettings> {
  const unknown = Object.keys(body).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0)
    throw new ApiError(400, `unknown field(s) ${unknown.join(", ")}; known: ${FIELDS.join(", ")}`);
  const settings: Partial<TargetSettings> = {};
  if ("name" in body) {
    settings.name = stringField(body, "name", {
      max: 128,
      pattern: /^[A-Za-z0-9 ._:@#-]+$/,
      patternHint: "may contain only letters, digits, spaces and . _ : @ # -",
    });
  }
  if ("url" in body) {
    const url = stringField(body, "url", { max: 2048 });
    const problem = webhookUrlProblem(url);
    if (problem) throw new ApiError(400, `'url' ${problem}`);
    settings.url = url;
  }
  if ("format" in body) {
    if (!NOTIFY_FORMATS.includes(body.format as NotifyFormat)) {
      throw new ApiError(400, `'format' must be one of ${NOTIFY_FORMATS.join(", ")}`);
    }
    settings.format = body.format as NotifyFormat;
  }
  if ("min_level" in body) {
    if (!RULE_LEVELS.includes(body.min_level as RuleLevel)) {
      throw new ApiError(400, `'min_level' must be one of ${RULE_LEVELS.join(", ")}`);
    }
    settings.minLevel = body.min_level as RuleLevel;
  }
  if ("enabled" in body) {
    if (typeof body.enabled !== "boolean") throw new ApiError(400, "'enabled' must be true or false");
    settings.enabled = body.enabled;
  }
  if ("secret" in body) {
    if (body.secret !== null && typeof body.secret !== "string") {
      throw new ApiError(400, "'secret' must be a string of 16 to 256 characters, or null to remove it");
    }
    settings.secret = body.secret === null ? null : stringField(body, "secret", { min: 16, max: 256 });
  }
  return settings;
}

/** The settings as the audit log keeps them: the URL by its host only (a Slack URL is its own secret), no secret. */
function auditedSettings(settings: Partial<TargetSettings>): Record<string, unknown> {
  const { url, secret, minLevel, ...rest } = settings;
  return {
    ...rest,
    ...(minLevel === undefined ? {} : { min_level: minLevel }),
    ...(url === undefined ? {} : { url_host: new URL(url).host }),
    ...(secret === undefined ? {} : { secret: secret === null ? "removed" : "set" }),
  };
}

function checkSecretFitsFormat(format: NotifyFormat, settings: Partial<TargetSettings>): void {
  // Slack-compatible receivers authenticate by their secret URL and ignore a signature header.
  if (format === "slack" && typeof settings.secret === "string") {
    throw new ApiError(400, "'secret' signs generic targets only; a Slack webhook URL is its own secret");
  }
}

async function checkNameFree(c: AppContext, name: string, selfId: string | null) {
  const existing = await findTargetByName(c.var.store, name);
  if (existing && existing.id !== selfId) throw new ApiError(409, `a target named '${existing.name}' exists already`);
}

export const notificationRoutes = new Hono<AppEnv>()
  .use(requireSession, requireRole("admin"))
  .get("/targets", async (c) => c.json({ targets: (await listTargets(c.var.store)).map(publicTarget) }))
  .post("/targets", async (c) => {
    const settings = readSettings(await readJsonObject(c));
    if (settings.name === undefined) throw new ApiError(400, "'name' is required and must be a string");
    if (settings.url === undefined) throw new ApiError(400, "'url' is required and must be a string");
    const complete: TargetSettings = {
      name: settings.name,
      url: settings.url,
      format: settings.format ?? "generic",
      minLevel: settings.minLevel ?? DEFAULT_MIN_LEVEL,
      enabled: settings.enabled ?? true,
      secret: settings.secret ?? null,
    };
    checkSecretFitsFormat(complete.format, settings);
    await checkNameFree(c, complete.name, null);
    const id = crypto.randomUUID();
    const audit = auditEntry(
      c,
      "notification_target.create",
      { type: "notification_target", id },
      auditedSettings({ ...complete, secret: complete.secret ?? undefined }),
    );
    const row = await insertTarget(c.var.store, id, complete, Date.now(), [auditQuery(c.var.store, audit)]);
    if (!row) throw new ApiError(500, "target could not be stored");
    return c.json({ target: publicTarget(row) }, 201);
  })
  .patch("/targets/:id", async (c) => {
    const id = c.req.param("id");
    const changes = readSettings(await readJsonObject(c));
    if (Object.keys(changes).length === 0)
      throw new ApiError(400, `nothing to change: send any of ${FIELDS.join(", ")}`);
    const current = await findTarget(c.var.store, id);
    if (!current) throw new ApiError(404, `no notification target with id ${id}`);
    checkSecretFitsFormat(changes.format ?? current.format, changes);
    if (changes.name !== undefined) await checkNameFree(c, changes.name, id);
    const audit = auditEntry(
      c,
      "notification_target.update",
      { type: "notification_target", id },
      { name: current.name, changes: auditedSettings(changes) },
    );
    const row = await updateTarget(c.var.store, id, changes, Date.now(), [
      auditQuery(c.var.store, audit, { onlyIfChanged: true }),
    ]);
    if (!row) throw new ApiError(404, `no notification target with id ${id}`);
    return c.json({ target: publicTarget(row) });
  })
  .delete("/targets/:id", async (c) => {
    const id = c.req.param("id");
    const audit = auditEntry(c, "notification_target.delete", { type: "notification_target", id });
    if (!(await deleteTarget(c.var.store, id, [auditQuery(c.var.store, audit, { onlyIfChanged: true })]))) {
      throw new ApiError(404, `no notification target with id ${id}`);
    }
    return c.json({ ok: true, id });
  })
  .post("/targets/:id/test", async (c) => {
    const id = c.req.param("id");
    if (!(await findTarget(c.var.store, id))) throw new ApiError(404, `no notification target with id ${id}`);
    try {
      await enqueueTestNotice(c.env.NOTIFY_QUEUE, id, Date.now());
    } catch (error) {
      console.error(`notifications: could not enqueue a test notice for target ${id}: ${(error as Error).message}`);
      throw new ApiError(503, "the notification queue did not take the test notice; try again", {
        "Retry-After": "30",
      });
    }
    return c.json({ queued: true, id }, 202);
  });
