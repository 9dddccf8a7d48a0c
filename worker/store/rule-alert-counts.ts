/** How many alerts each rule has raised, for the rules list: one grouped read over the alerts table. */
import { count, eq, max, sql } from "drizzle-orm";
import { alerts } from "./alerts-schema.ts";
import type { StoreHandle } from "./handle.ts";

export interface RuleAlertCount {
  /** Every alert the rule raised, whatever its status. */
  total: number;
  /** Alerts still open (not acknowledged, closed or marked false positive). */
  open: number;
  /** When the rule's newest alert last saw a matching event (epoch ms). */
  lastSeen: number;
}

const OPEN = sql<number>`sum(case when ${alerts.status} = 'open' then 1 else 0 end)`;

/** Rule id → its alert counts (only `ruleId`'s when given); rules that never alerted are absent. */
export async function ruleAlertCounts(store: StoreHandle, ruleId?: string): Promise<Map<string, RuleAlertCount>> {
  const query = store.orm
    .select({ ruleId: alerts.ruleId, total: count(), open: OPEN, lastSeen: max(alerts.lastSeen) })
    .from(alerts);
  const rows = await (ruleId === undefined ? query : query.where(eq(alerts.ruleId, ruleId))).groupBy(alerts.ruleId);
  return new Map(
    rows.map((row) => [row.ruleId, { total: row.total, open: Number(row.open ?? 0), lastSeen: row.lastSeen ?? 0 }]),
  );
}
