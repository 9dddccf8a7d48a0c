/**
 * The end-of-run checks, against the Worker's D1 as it is on disk: what the agents were told
 * (acknowledged events, refused events) set against what is stored, dead-lettered and alerted.
 */
import type { LocalD1 } from "./runtime.ts";
import type { PlannedBatch } from "./workload.ts";

const PAGE_ROWS = 5_000;

export interface StoredEvent {
  batchId: string;
  batchIndex: number;
  loadId: string | null;
  ruleHits: string[];
}

export interface PendingDeadLetter {
  id: number;
  batchId: string | null;
  indexes: number[];
}

export async function readStoredEvents(db: LocalD1): Promise<StoredEvent[]> {
  const rows: StoredEvent[] = [];
  for (let after = 0; ; ) {
    const page = await db
      .prepare(
        `SELECT id, batch_id, batch_index, json_extract(raw, '$.load_id') AS load_id, rule_hits
         FROM events WHERE id > ? ORDER BY id LIMIT ?`,
      )
      .bind(after, PAGE_ROWS)
      .all<{ id: number; batch_id: string; batch_index: number; load_id: string | null; rule_hits: string | null }>();
    for (const row of page.results) {
      rows.push({
        batchId: row.batch_id,
        batchIndex: row.batch_index,
        loadId: row.load_id,
        ruleHits: row.rule_hits === null ? [] : (JSON.parse(row.rule_hits) as string[]).sort(),
      });
      after = row.id;
    }
    if (page.results.length < PAGE_ROWS) return rows;
  }
}

export async function readPendingDeadLetters(db: LocalD1): Promise<PendingDeadLetter[]> {
  const page = await db
    .prepare("SELECT id, batch_id, message FROM ingest_dead_letters WHERE status = 'pending' ORDER BY id")
    .all<{ id: number; batch_id: string | null; message: string }>();
  return page.results.map((row) => {
    const part = JSON.parse(row.message) as { records?: { index: number }[] };
    return { id: row.id, batchId: row.batch_id, indexes: (part.records ?? []).map((r) => r.index) };
  });
}

const key = (batchId: string, index: number) => `${batchId}#${index}`;

/**
 * Every acknowledged event is stored exactly once, or (when `pending` is given) waits in a pending
 * dead letter; nothing is stored that was not sent, was refused, or came from an unacknowledged batch.
 * Each stored event carries the rule hits the rule set gives its record.
 */
export function checkEvents(
  batches: readonly PlannedBatch[],
  acked: ReadonlySet<string>,
  stored: readonly StoredEvent[],
  pending: readonly PendingDeadLetter[] | null,
): { violations: string[]; missing: number; waiting: number } {
  const violations: string[] = [];
  const byKey = new Map<string, StoredEvent[]>();
  for (const event of stored) {
    const k = key(event.batchId, event.batchIndex);
    byKey.set(k, [...(byKey.get(k) ?? []), event]);
  }
  const deadLettered = new Set<string>();
  for (const letter of pending ?? []) {
    for (const index of letter.indexes) if (letter.batchId !== null) deadLettered.add(key(letter.batchId, index));
  }
  const planned = new Map(batches.map((batch) => [batch.id, batch]));
  const seenLoadIds = new Map<string, number>();
  let missing = 0;
  let waiting = 0;
  const report = (text: string) => {
    if (violations.length < 50) violations.push(text);
  };

  for (const event of stored) {
    const batch = planned.get(event.batchId);
    const expected = batch?.loadIds[event.batchIndex];
    if (batch === undefined || expected === undefined) {
      report(`stored event ${key(event.batchId, event.batchIndex)} was never sent`);
      continue;
    }
    if (expected === null) report(`stored event ${key(event.batchId, event.batchIndex)} was refused by its answer`);
    else if (event.loadId !== expected) {
      report(`stored event ${key(event.batchId, event.batchIndex)} holds ${event.loadId}, sent as ${expected}`);
    }
    if (!acked.has(event.batchId)) report(`stored event of batch ${event.batchId}, which was never acknowledged`);
    if (event.loadId !== null) seenLoadIds.set(event.loadId, (seenLoadIds.get(event.loadId) ?? 0) + 1);
    const hits = batch.ruleHits[event.batchIndex] ?? [];
    if (JSON.stringify(hits) !== JSON.stringify(event.ruleHits)) {
      report(`event ${expected} matched [${event.ruleHits}], the rule set gives [${hits}]`);
    }
  }
  for (const [loadId, count] of seenLoadIds) if (count > 1) report(`event ${loadId} is stored ${count} times`);

  for (const batchId of acked) {
    const batch = planned.get(batchId);
    if (batch === undefined) continue;
    for (const [index, loadId] of batch.loadIds.entries()) {
      if (loadId === null) continue;
      const rows = byKey.get(key(batchId, index))?.length ?? 0;
      if (rows === 1) continue;
      if (rows > 1) report(`event ${loadId} is stored ${rows} times`);
      else if (deadLettered.has(key(batchId, index))) waiting++;
      else {
        missing++;
        report(`acknowledged event ${loadId} is neither stored nor in a pending dead letter`);
      }
    }
  }
  return { violations, missing, waiting };
}

export interface AlertTotals {
  /** Alert rows of detection rules (not correlations). */
  alerts: number;
  /** Events those alerts count. */
  alertedEvents: number;
  rulesFired: number;
  correlationAlerts: number;
}

/**
 * Each detection rule's alerts count exactly the stored events that should raise it, once each: per
 * rule, the sum of its alerts' counts equals its linked events and the events the rule set matches;
 * one alert per dedup key (every event of a run lies within one dedup window); every alert's count
 * equals its linked events, and those its newest link counts for (a correlation's flood keeps only
 * the oldest and newest refs: migrations/0015_alert_event_unlinked.sql).
 */
export async function checkAlerts(
  db: LocalD1,
  batches: readonly PlannedBatch[],
  acked: ReadonlySet<string>,
): Promise<{ violations: string[]; totals: AlertTotals }> {
  const violations: string[] = [];
  const expected = new Map<string, number>();
  for (const batch of batches) {
    if (!acked.has(batch.id)) continue;
    for (const hits of batch.alertingHits)
      for (const rule of hits ?? []) expected.set(rule, (expected.get(rule) ?? 0) + 1);
  }
  const perRule = await db
    .prepare(
      `SELECT a.rule_id, a.rule_kind, count(*) AS alerts, sum(a.count) AS counted,
         (SELECT count(*) FROM alert_events l WHERE l.rule_id = a.rule_id) AS linked
       FROM alerts a GROUP BY a.rule_id, a.rule_kind`,
    )
    .all<{ rule_id: string; rule_kind: string; alerts: number; counted: number; linked: number }>();
  const totals: AlertTotals = { alerts: 0, alertedEvents: 0, rulesFired: 0, correlationAlerts: 0 };
  const seen = new Set<string>();
  for (const row of perRule.results) {
    if (row.rule_kind === "correlation") {
      totals.correlationAlerts += row.alerts;
      continue;
    }
    seen.add(row.rule_id);
    totals.alerts += row.alerts;
    totals.alertedEvents += row.counted;
    totals.rulesFired++;
    const want = expected.get(row.rule_id) ?? 0;
    if (row.counted !== want || row.linked !== want) {
      violations.push(`rule ${row.rule_id}: alerts count ${row.counted}, link ${row.linked}; ${want} events match it`);
    }
  }
  for (const [rule, want] of expected) {
    if (!seen.has(rule)) violations.push(`rule ${rule}: ${want} stored events match it, but it has no alert`);
  }
  const split = await db
    .prepare(
      `SELECT dedup_key, rule_id, count(*) AS n FROM alerts WHERE rule_kind != 'correlation'
       GROUP BY dedup_key HAVING count(*) > 1 LIMIT 20`,
    )
    .all<{ dedup_key: string; rule_id: string; n: number }>();
  for (const row of split.results) violations.push(`rule ${row.rule_id}: ${row.n} alerts for one dedup key`);
  const miscounted = await db
    .prepare(
      `SELECT a.id, a.count,
         (SELECT count(*) + coalesce(sum(l.unlinked), 0) FROM alert_events l WHERE l.alert_id = a.id) AS linked
       FROM alerts a
       WHERE a.count != (SELECT count(*) + coalesce(sum(l.unlinked), 0) FROM alert_events l WHERE l.alert_id = a.id)
       LIMIT 20`,
    )
    .all<{ id: number; count: number; linked: number }>();
  for (const row of miscounted.results) violations.push(`alert ${row.id}: count ${row.count}, ${row.linked} linked`);
  return { violations, totals };
}
