/**
 * GET /api/v1/coverage?days=7: per log source its volume, the rules it feeds and a verdict; per rule
 * what it reads and whether that arrives; per ATT&CK technique its name, whether it is covered and by
 * which rules and sources, and the techniques of the tactics shown that no rule names (the gaps).
 * POST /api/v1/coverage/what-if?days=7 {drop:[{dataset, event_code?}]}: what dropping sources loses.
 */
import { Hono } from "hono";
import { analyseCoverage, type Coverage } from "../../coverage/analyse.ts";
import { loadCoverageInput, MAX_COVERAGE_DAYS } from "../../coverage/load.ts";
import { type DroppedSource, type WhatIf, whatIf } from "../../coverage/what-if.ts";
import type { Coverage as CoverageAnswer, WhatIf as WhatIfAnswer } from "../../model/wire/coverage.ts";
import { ApiError } from "../api-error.ts";
import { readJsonObject } from "../body.ts";
import type { AppEnv } from "../context.ts";
import { requireSession } from "../middleware/auth.ts";

const DEFAULT_DAYS = 7;
const MAX_DROPS = 500;

function daysParam(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DAYS;
  const days = Number(text);
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_COVERAGE_DAYS) {
    throw new ApiError(400, `'days' must be a whole number from 1 to ${MAX_COVERAGE_DAYS}, not '${text}'`);
  }
  return days;
}

function dropsOf(body: Record<string, unknown>): DroppedSource[] {
  const drop = body.drop;
  if (!Array.isArray(drop)) throw new ApiError(400, "'drop' is required and must be a list of {dataset, event_code?}");
  if (drop.length > MAX_DROPS) throw new ApiError(400, `'drop' may name at most ${MAX_DROPS} sources`);
  return drop.map((item, i) => {
    const entry = (item ?? {}) as Record<string, unknown>;
    if (typeof entry.dataset !== "string" || entry.dataset === "") {
      throw new ApiError(400, `'drop[${i}].dataset' is required and must be a non-empty string`);
    }
    const code = entry.event_code;
    if (code === undefined || code === null) return { dataset: entry.dataset };
    if (typeof code !== "string" && typeof code !== "number") {
      throw new ApiError(400, `'drop[${i}].event_code' must be a string when given`);
    }
    return { dataset: entry.dataset, eventCode: String(code) };
  });
}

function presentCoverage(coverage: Coverage): CoverageAnswer {
  return {
    days: coverage.days,
    totals: { events_per_day: coverage.totals.eventsPerDay, bytes_per_day: coverage.totals.bytesPerDay },
    sources: coverage.sources.map((source) => ({
      dataset: source.dataset,
      event_code: source.eventCode,
      events_per_day: source.eventsPerDay,
      bytes_per_day: source.bytesPerDay,
      share: source.share,
      hosts: source.hosts,
      rules: source.rules,
      rules_fired: source.rulesFired,
      alerts: source.alerts,
      techniques: source.techniques,
      verdict: source.verdictText,
      verdict_kind: source.verdict,
    })),
    rules: coverage.rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      level: rule.level,
      kind: rule.kind,
      techniques: rule.techniques,
      tactics: rule.tactics,
      needs: rule.needs?.map((need) => ({
        dataset: need.dataset,
        event_code: need.eventCode,
        received: need.received,
      })),
      ...(rule.simpleReads === null ? {} : { simple_reads: rule.simpleReads }),
      every_event: rule.needs === null && rule.simpleReads === null,
      receiving: rule.receiving,
      alerts: rule.alerts,
    })),
    techniques: coverage.techniques.map((technique) => ({
      id: technique.id,
      name: technique.name,
      tactics: technique.tactics,
      rules: technique.rules,
      sources: technique.sources.map((source) => ({ dataset: source.dataset, event_code: source.eventCode })),
      status: technique.status,
    })),
    tactics: [...coverage.tactics],
    attack_version: coverage.attackVersion,
  };
}

function presentWhatIf(days: number, drops: DroppedSource[], result: WhatIf): WhatIfAnswer {
  return {
    days,
    drop: drops.map((drop) => ({ dataset: drop.dataset, event_code: drop.eventCode ?? null })),
    saved: {
      events_per_day: result.saved.eventsPerDay,
      bytes_per_day: result.saved.bytesPerDay,
      share: result.saved.share,
    },
    lost_techniques: result.lostTechniques,
    lost_rules: result.lostRules,
    lost_alerts: result.lostAlerts,
    weakened_rules: result.weakenedRules,
  };
}

// The session check is per route, not `.use`: a use() here would also run for the routes mounted
// under /coverage/ by other modules.
export const coverageRoutes = new Hono<AppEnv>()
  .get("/", requireSession, async (c) => {
    const days = daysParam(c.req.query("days"));
    return c.json(presentCoverage(analyseCoverage(await loadCoverageInput(c.var.store, c.env.ARCHIVE, days))));
  })
  .post("/what-if", requireSession, async (c) => {
    const days = daysParam(c.req.query("days"));
    const drops = dropsOf(await readJsonObject(c));
    return c.json(presentWhatIf(days, drops, whatIf(await loadCoverageInput(c.var.store, c.env.ARCHIVE, days), drops)));
  });
