/** GET /api/v1/overview?from&to: the dashboard's landing page, every figure in one answer. */
import { Hono } from "hono";
import { RULE_LEVELS, type RuleLevel } from "../../detect/types.ts";
import { iso } from "../../model/iso-time.ts";
import { histogramInterval } from "../../search/event-filter.ts";
import { type OverviewFigures, overviewFigures } from "../../store/overview.ts";
import type { AppEnv } from "../context.ts";
import { requireSession } from "../middleware/auth.ts";
import { timeRangeParams } from "../query-params.ts";

type LevelCounts = Record<RuleLevel, number>;

function zeroLevels(): LevelCounts {
  return { informational: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

function levelOf(rank: number): RuleLevel {
  return RULE_LEVELS[rank] ?? "informational";
}

/** One bucket per interval that raised alerts, with its count per level. */
function alertBuckets(rows: OverviewFigures["alertBuckets"]) {
  const buckets = new Map<number, LevelCounts>();
  for (const row of rows) {
    const levels = buckets.get(row.ts) ?? zeroLevels();
    levels[levelOf(row.levelRank)] += row.count;
    buckets.set(row.ts, levels);
  }
  return [...buckets].map(([ts, levels]) => ({ ts, levels }));
}

function openAlerts(rows: OverviewFigures["openByLevel"]) {
  const byLevel = zeroLevels();
  for (const row of rows) byLevel[levelOf(row.levelRank)] += row.count;
  return { total: rows.reduce((sum, row) => sum + row.count, 0), by_level: byLevel };
}

function presentOverview(from: number, to: number, intervalMs: number, figures: OverviewFigures) {
  return {
    from: iso(from),
    to: iso(to),
    alerts_over_time: { interval_ms: intervalMs, buckets: alertBuckets(figures.alertBuckets) },
    open_alerts: openAlerts(figures.openByLevel),
    top_rules: figures.topRules.map((row) => ({
      rule_id: row.ruleId,
      title: row.title,
      level: levelOf(row.levelRank),
      alerts: row.alerts,
      hits: row.hits,
    })),
    top_hosts: {
      by_alerts: figures.topAlertHosts.map((row) => ({ host: row.host, alerts: row.alerts, hits: row.hits })),
      by_events: figures.topEventHosts.map((row) => ({ host: row.host, events: row.events })),
    },
    ingest: {
      events: figures.datasets.reduce((sum, row) => sum + row.events, 0),
      by_dataset: figures.datasets.map((row) => ({ dataset: row.dataset, events: row.events })),
      batches: { count: figures.batches.batches, events: figures.batches.accepted },
    },
  };
}

export const overviewRoutes = new Hono<AppEnv>().use(requireSession).get("/", async (c) => {
  const { from, to } = timeRangeParams(c);
  const intervalMs = histogramInterval(to - from);
  const figures = await overviewFigures(c.var.store, { from, to, intervalMs });
  return c.json(presentOverview(from, to, intervalMs, figures));
});
