/**
 * Import rows (migrations/0013_imports.sql) and what an import's events add up to. Raw D1: the
 * create-or-resume is one upsert on the client's key, and the event and alert counts are
 * aggregates over the events table's partial import index, read in one batch.
 */
import type { StoreHandle } from "./handle.ts";

export type ImportOrigin = "cli" | "dashboard" | "api";
export type ImportStatus = "running" | "done" | "cancelled";

export interface ImportRow {
  id: string;
  name: string;
  clientKey: string | null;
  origin: ImportOrigin;
  createdBy: string;
  createdAt: number;
  status: ImportStatus;
  finishedAt: number | null;
  /** The client's per-file summary as JSON text; the domain reads it (imports/summary.ts). */
  summary: string;
}

/** What the import's stored events add up to, counted from the events table, not from the client. */
export interface ImportTotals {
  events: number;
  alerts: number;
  firstTs: number | null;
  lastTs: number | null;
}

interface ImportRecord {
  id: string;
  name: string;
  client_key: string | null;
  origin: ImportOrigin;
  created_by: string;
  created_at: number;
  status: ImportStatus;
  finished_at: number | null;
  summary: string;
}

function fromRecord(r: ImportRecord): ImportRow {
  return {
    id: r.id,
    name: r.name,
    clientKey: r.client_key,
    origin: r.origin,
    createdBy: r.created_by,
    createdAt: r.created_at,
    status: r.status,
    finishedAt: r.finished_at,
    summary: r.summary,
  };
}

const COLUMNS = "id, name, client_key, origin, created_by, created_at, status, finished_at, summary";

// A key seen before resumes that import: it runs again, under its first name and owner.
const CREATE_OR_RESUME = `INSERT INTO imports (id, name, client_key, origin, created_by, created_at, status)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running')
ON CONFLICT (client_key) DO UPDATE SET status = 'running', finished_at = NULL
RETURNING ${COLUMNS}`;

export interface NewImport {
  id: string;
  name: string;
  clientKey: string | null;
  origin: ImportOrigin;
  createdBy: string;
  createdAt: number;
}

/** The new import, or the one `clientKey` already names (then `resumed`). */
export async function createOrResumeImport(
  store: StoreHandle,
  input: NewImport,
): Promise<{ row: ImportRow; resumed: boolean }> {
  const record = await store.d1
    .prepare(CREATE_OR_RESUME)
    .bind(input.id, input.name, input.clientKey, input.origin, input.createdBy, input.createdAt)
    .first<ImportRecord>();
  if (record === null) throw new Error("the import upsert returned no row");
  return { row: fromRecord(record), resumed: record.id !== input.id };
}

export async function findImport(store: StoreHandle, id: string): Promise<ImportRow | null> {
  const record = await store.d1.prepare(`SELECT ${COLUMNS} FROM imports WHERE id = ?1`).bind(id).first<ImportRecord>();
  return record === null ? null : fromRecord(record);
}

/** Newest first, at most `limit`. */
export async function listImports(store: StoreHandle, limit: number): Promise<ImportRow[]> {
  const { results } = await store.d1
    .prepare(`SELECT ${COLUMNS} FROM imports ORDER BY created_at DESC, id DESC LIMIT ?1`)
    .bind(limit)
    .all<ImportRecord>();
  return results.map(fromRecord);
}

export async function finishImport(
  store: StoreHandle,
  id: string,
  status: Exclude<ImportStatus, "running">,
  summary: string,
  finishedAt: number,
): Promise<ImportRow | null> {
  const record = await store.d1
    .prepare(`UPDATE imports SET status = ?2, summary = ?3, finished_at = ?4 WHERE id = ?1 RETURNING ${COLUMNS}`)
    .bind(id, status, summary, finishedAt)
    .first<ImportRecord>();
  return record === null ? null : fromRecord(record);
}

// Grouped over the listed imports, each through the partial import index: one round trip for a page.
const EVENT_TOTALS = `SELECT import_id AS id, count(*) AS events, min(ts) AS first_ts, max(ts) AS last_ts
FROM events WHERE import_id IN (SELECT value FROM json_each(?1)) GROUP BY import_id`;
const ALERT_TOTALS = `SELECT e.import_id AS id, count(DISTINCT l.alert_id) AS alerts FROM events e
JOIN alert_events l ON l.batch_id = e.batch_id AND l.batch_index = e.batch_index
WHERE e.import_id IN (SELECT value FROM json_each(?1)) GROUP BY e.import_id`;

interface TotalsRecord {
  id: string;
  events?: number;
  alerts?: number;
  first_ts?: number | null;
  last_ts?: number | null;
}

/** The totals of the imports' events in one database (a shard), by import id; the caller adds shards up. */
export async function importTotals(store: StoreHandle, ids: readonly string[]): Promise<Map<string, ImportTotals>> {
  const idList = JSON.stringify(ids);
  const [events, alerts] = await store.d1.batch<TotalsRecord>([
    store.d1.prepare(EVENT_TOTALS).bind(idList),
    store.d1.prepare(ALERT_TOTALS).bind(idList),
  ]);
  const totals = new Map<string, ImportTotals>();
  for (const row of events?.results ?? []) {
    totals.set(row.id, {
      events: row.events ?? 0,
      alerts: 0,
      firstTs: row.first_ts ?? null,
      lastTs: row.last_ts ?? null,
    });
  }
  for (const row of alerts?.results ?? []) {
    const entry = totals.get(row.id);
    if (entry) entry.alerts = row.alerts ?? 0;
  }
  return totals;
}
