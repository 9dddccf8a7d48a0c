/** Events on chosen days, the archive bucket's contents, and cron runs, for the retention tests. */
import { createScheduledController, env } from "cloudflare:test";
import { decodePart } from "../../../worker/archive/format.ts";
import type { Env } from "../../../worker/env.ts";
import worker from "../../../worker/index.ts";
import { DAY_MS } from "../../../worker/store/epoch-day.ts";
import { ARCHIVE_COLUMNS, type ArchivedEvent } from "../../../worker/store/event-row.ts";

/** Midnight (UTC) of the day `daysAgo` days before today. */
export function dayStart(daysAgo: number, now = Date.now()): number {
  return (Math.floor(now / DAY_MS) - daysAgo) * DAY_MS;
}

export function dayName(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/**
 * `count` events a minute apart from `start`, all in one batch, written straight to D1, received
 * five seconds after the first one's time unless `receivedAt` says when.
 */
export async function seedEvents(
  start: number,
  count: number,
  batchId: string,
  { host = "WS01", receivedAt = start + 5_000 }: { host?: string; receivedAt?: number } = {},
): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => [
    start + i * 60_000,
    host,
    JSON.stringify({ Computer: host, EventID: 1, n: i, note: 'ünïcode \\ "quoted"' }),
    i,
  ]);
  await env.DB.prepare(
    `INSERT INTO events (ts, received_at, host, source, dataset, event_code, raw, batch_id, batch_index, src_port, rule_hits)
     SELECT value ->> 0, ?2, value ->> 1, 'sysmon', 'windows.sysmon_operational', '1', value ->> 2, ?3, value ->> 3,
       CASE WHEN value ->> 3 % 2 = 0 THEN 443 END, CASE WHEN value ->> 3 % 3 = 0 THEN '["r1"]' END
     FROM json_each(?1)`,
  )
    .bind(JSON.stringify(rows), receivedAt, batchId)
    .run();
}

/** Every events row with every column, in id order; optionally only those in [from, to). */
export async function eventRows(
  from = Number.MIN_SAFE_INTEGER,
  to = Number.MAX_SAFE_INTEGER,
): Promise<ArchivedEvent[]> {
  const { results } = await env.DB.prepare(
    `SELECT ${ARCHIVE_COLUMNS.join(", ")} FROM events WHERE ts >= ?1 AND ts < ?2 ORDER BY id`,
  )
    .bind(from, to)
    .all<ArchivedEvent>();
  return results;
}

export async function archiveKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.ARCHIVE.list(cursor ? { cursor } : {});
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

/** The rows in every archive object, in key order. */
export async function archivedRows(): Promise<ArchivedEvent[]> {
  const rows: ArchivedEvent[] = [];
  for (const key of await archiveKeys()) {
    const object = await env.ARCHIVE.get(key);
    if (!object) throw new Error(`${key} listed but not readable`);
    rows.push(...(await decodePart(key, object.body)));
  }
  return rows;
}

export async function clearArchive(): Promise<void> {
  const keys = await archiveKeys();
  if (keys.length > 0) await env.ARCHIVE.delete(keys);
}

/** Runs the Worker's cron handler as Cloudflare would at `at`, with some variables replaced. */
export async function runCron(at: number, overrides: Partial<Env> = {}): Promise<void> {
  const controller = createScheduledController({ scheduledTime: at, cron: "*/15 * * * *" });
  await worker.scheduled(controller, { ...env, ...overrides });
}
