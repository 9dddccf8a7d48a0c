import type { RuleLevel } from "./rules.ts";

export type LevelCounts = Record<RuleLevel, number>;

/** GET /api/v1/overview (worker/http/routes/overview.ts): the landing page's figures for a range. */
export interface Overview {
  from: string;
  to: string;
  /** New alerts per interval and level, by first-seen time; intervals without alerts are left out. */
  alerts_over_time: { interval_ms: number; buckets: { ts: number; levels: LevelCounts }[] };
  /** Open now, whatever the range. */
  open_alerts: { total: number; by_level: LevelCounts };
  top_rules: { rule_id: string; title: string; level: RuleLevel; alerts: number; hits: number }[];
  top_hosts: {
    by_alerts: { host: string | null; alerts: number; hits: number }[];
    by_events: { host: string | null; events: number }[];
  };
  ingest: {
    events: number;
    by_dataset: { dataset: string; events: number }[];
    /** Agent batches received in the range and the events they carried. */
    batches: { count: number; events: number };
  };
}
