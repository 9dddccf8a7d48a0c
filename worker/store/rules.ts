/**
 * Rule rows, their version history and the rule-set version counter. Every change writes the new
 * state, its history entry and a counter bump in ONE D1 batch, so an isolate that sees the new
 * counter also sees the rules it counts. Rows travel as JSON arrays expanded by json_each (as in
 * batch-write.ts), so a bulk import is a handful of statements however many rules it holds.
 */
import { asc, desc, eq, max, sql } from "drizzle-orm";
import { chunkJsonRows } from "./batch-write.ts";
import type { Database } from "./db.ts";
import { type RuleChange, type RuleRow, ruleSetVersion, rules, ruleVersions } from "./rules-schema.ts";

export interface RuleSetStamp {
  version: number;
  /** Changes on every bump; what caches compare. */
  stamp: string;
}

/** The state before any rule was ever changed. */
export const INITIAL_RULE_SET_STAMP: RuleSetStamp = { version: 0, stamp: "initial" };

export interface RuleWrite {
  id: string;
  kind: RuleRow["kind"];
  text: string;
  enabled: boolean;
  /** The version this write creates: one past the rule's newest history entry. */
  version: number;
  origin: RuleRow["origin"];
  change: RuleChange;
}

export async function readRuleSetStamp(db: Database): Promise<RuleSetStamp> {
  const rows = await db
    .select({ version: ruleSetVersion.version, stamp: ruleSetVersion.stamp })
    .from(ruleSetVersion)
    .where(eq(ruleSetVersion.id, 1));
  return rows[0] ?? INITIAL_RULE_SET_STAMP;
}

/** The counter and every rule row, read together so the rows are the ones the counter names. */
export async function readRuleRows(db: Database): Promise<{ stamp: RuleSetStamp; rows: RuleRow[] }> {
  const [stampRows, rows] = await db.batch([
    db
      .select({ version: ruleSetVersion.version, stamp: ruleSetVersion.stamp })
      .from(ruleSetVersion)
      .where(eq(ruleSetVersion.id, 1)),
    db.select().from(rules).orderBy(asc(rules.id)),
  ]);
  return { stamp: stampRows[0] ?? INITIAL_RULE_SET_STAMP, rows };
}

export async function listRuleVersions(db: Database, id: string) {
  return db.select().from(ruleVersions).where(eq(ruleVersions.ruleId, id)).orderBy(desc(ruleVersions.version));
}

/** Each rule's newest version number in the history (deleted rules included); absent ids have none. */
export async function latestVersions(db: Database, ids: readonly string[]): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  if (ids.length === 0) return latest;
  for (const payload of chunkJsonRows(ids.map((id) => [id]))) {
    const rows = await db
      .select({ id: ruleVersions.ruleId, version: max(ruleVersions.version) })
      .from(ruleVersions)
      .where(sqlIdIn(payload))
      .groupBy(ruleVersions.ruleId);
    for (const row of rows) if (row.version !== null) latest.set(row.id, row.version);
  }
  return latest;
}

function sqlIdIn(payload: string) {
  return sql`${ruleVersions.ruleId} IN (SELECT json_extract(value, '$[0]') FROM json_each(${payload}))`;
}

const UPSERT_RULES = `INSERT INTO rules
  (id, kind, text, enabled, version, origin, created_at, created_by, updated_at, updated_by)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
  json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), ?2, ?3, ?2, ?3
FROM json_each(?1) WHERE true
ON CONFLICT (id) DO UPDATE SET
  kind = excluded.kind, text = excluded.text, enabled = excluded.enabled, version = excluded.version,
  origin = excluded.origin, updated_at = excluded.updated_at, updated_by = excluded.updated_by`;

const INSERT_VERSIONS = `INSERT INTO rule_versions (rule_id, version, change, kind, text, enabled, changed_at, changed_by)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[4]'), json_extract(value, '$[6]'),
  json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), ?2, ?3
FROM json_each(?1)`;

const DELETE_RULES = "DELETE FROM rules WHERE id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))";

const BUMP_RULE_SET = `INSERT INTO rule_set_version (id, version, stamp, changed_at)
VALUES (1, 1, lower(hex(randomblob(8))), ?1)
ON CONFLICT (id) DO UPDATE SET version = version + 1, stamp = excluded.stamp, changed_at = excluded.changed_at`;

/** The rule-set version bump, for other writers whose change alters what the rules compile to. */
export function bumpRuleSetStatement(d1: D1Database, now: number): D1PreparedStatement {
  return d1.prepare(BUMP_RULE_SET).bind(now);
}

/**
 * The bump only while `condition` (SQL whose parameters start at ?2) holds, so a write that finds
 * nothing to change does not make every isolate recompile the rules. Run it before the write.
 */
export function bumpRuleSetWhenStatement(
  d1: D1Database,
  now: number,
  condition: string,
  ...values: unknown[]
): D1PreparedStatement {
  return d1
    .prepare(`INSERT INTO rule_set_version (id, version, stamp, changed_at)
SELECT 1, 1, lower(hex(randomblob(8))), ?1 WHERE ${condition}
ON CONFLICT (id) DO UPDATE SET version = version + 1, stamp = excluded.stamp, changed_at = excluded.changed_at`)
    .bind(now, ...values);
}

function writeRow(write: RuleWrite): unknown[] {
  return [write.id, write.kind, write.text, write.enabled ? 1 : 0, write.version, write.origin, write.change];
}

/**
 * Applies the writes (a `delete` change removes the row, keeping its history) and bumps the
 * rule-set version, atomically, with `also` (an audit entry) in the same batch. Fails as a whole
 * when another writer took one of the versions.
 */
export async function applyRuleWrites(
  d1: D1Database,
  writes: readonly RuleWrite[],
  by: number | null,
  now: number,
  also: readonly D1PreparedStatement[] = [],
) {
  if (writes.length === 0) return;
  const rows = writes.map(writeRow);
  const statements: D1PreparedStatement[] = [];
  for (const payload of chunkJsonRows(rows)) statements.push(d1.prepare(INSERT_VERSIONS).bind(payload, now, by));
  const kept = writes.filter((w) => w.change !== "delete").map(writeRow);
  for (const payload of chunkJsonRows(kept)) statements.push(d1.prepare(UPSERT_RULES).bind(payload, now, by));
  const deleted = writes.filter((w) => w.change === "delete").map((w) => [w.id]);
  if (deleted.length > 0) statements.push(d1.prepare(DELETE_RULES).bind(JSON.stringify(deleted)));
  statements.push(bumpRuleSetStatement(d1, now), ...also);
  await d1.batch(statements);
}
