/** What the cron trigger runs (worker/index.ts `scheduled`): housekeeping sweeps, then retention. */
import { LOGIN_WINDOW_MS } from "../auth/login.ts";
import type { Env } from "../env.ts";
import { openStore } from "../store/handle.ts";
import { type SweepCounts, sweepExpired } from "../store/retention.ts";
import { type RetentionReport, runRetention } from "./retention-run.ts";
import { retentionSettings } from "./settings.ts";

/** Rows per table per run for the sweeps; a backlog drains over a few runs. */
const SWEEP_LIMIT = 5000;

export interface MaintenanceReport {
  swept: SweepCounts;
  retention: RetentionReport;
}

export async function runMaintenance(env: Env, now: number): Promise<MaintenanceReport> {
  const settings = retentionSettings(env);
  const store = openStore(env.DB);
  const swept = await sweepExpired(store, now, LOGIN_WINDOW_MS, SWEEP_LIMIT);
  const retention = await runRetention(store, env.ARCHIVE, settings, now);
  return { swept, retention };
}
