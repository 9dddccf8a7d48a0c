/**
 * GET /api/v1/storage (admin): how full the D1 database is against its size limit, the events it
 * holds, the retention in force and the archive's days.
 */
import { Hono } from "hono";
import { listArchivedDays } from "../../archive/bucket.ts";
import { retentionCutoff } from "../../archive/retention-run.ts";
import { retentionSettings } from "../../archive/settings.ts";
import { iso } from "../../model/iso-time.ts";
import type { Storage } from "../../model/wire/storage.ts";
import { activeHolds, storeFigures } from "../../store/retention.ts";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

/** Past this share of the limit the dashboard warns. */
const STORAGE_WARNING_RATIO = 0.8;
const DEFAULT_LIMIT_GB = 10;

function limitBytes(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_LIMIT_GB * 1e9;
  const gb = Number(value);
  if (!Number.isFinite(gb) || gb <= 0) throw new ApiError(500, `D1_LIMIT_GB must be a positive number, not "${value}"`);
  return gb * 1e9;
}

export const storageRoutes = new Hono<AppEnv>().use(requireSession, requireRole("admin")).get("/", async (c) => {
  let settings: ReturnType<typeof retentionSettings>;
  try {
    settings = retentionSettings(c.env);
  } catch (error) {
    throw new ApiError(500, (error as Error).message);
  }
  const limit = limitBytes(c.env.D1_LIMIT_GB);
  const now = Date.now();
  const [figures, days, holds] = await Promise.all([
    storeFigures(c.var.store),
    listArchivedDays(c.env.ARCHIVE),
    activeHolds(c.var.store, now),
  ]);
  const ratio = figures.sizeBytes === undefined ? null : figures.sizeBytes / limit;
  const level: Storage["database"]["level"] = ratio !== null && ratio >= STORAGE_WARNING_RATIO ? "warning" : "ok";
  return c.json({
    database: {
      size_bytes: figures.sizeBytes ?? null,
      limit_bytes: limit,
      used_ratio: ratio,
      level,
    },
    events: { count: figures.events, oldest: iso(figures.oldestTs), newest: iso(figures.newestTs) },
    retention: {
      days: settings.days,
      cutoff: iso(retentionCutoff(now, settings.days)),
      part_rows: settings.partRows,
      run_rows: settings.runRows,
    },
    archive: {
      days: days.length,
      first_day: days[0] ?? null,
      last_day: days.at(-1) ?? null,
      held: holds.map((hold) => ({ day: hold.day, until: iso(hold.holdUntil) })),
    },
  });
});
