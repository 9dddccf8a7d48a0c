/**
 * Rule writes and the rule-set version counter bump, in raw D1: every change writes the new state,
 * its history entry and a counter bump in ONE D1 batch, so an isolate that sees the new counter
 * also sees the rules it counts. Rows travel as JSON arrays expanded by json_each (as in
 * batch-write.ts), so a bulk import is a handful of statements however many rules it holds.
 */
import { chunkJsonRows } from "./batch-write.ts";
import type { StoreHandle } from "./handle.ts";
import type { RuleChange, RuleRow } from "./rules-schema.ts";

export interface RuleWrite {
  id: string;
  kind: RuleRow["kind"];
  text: string;
  enabled: boolean;
  /** The version this write creates: one past the rule's newest history entry. */
  version: number;
  origin: RuleRow["origin"];
  change: RuleChange;
  /** Why the row exists (a rule that left the release); without one the row keeps its note. */
  note?: string;
}

const UPSERT_RULES = `INSERT INTO rules
  (id, kind, text, enabled, version, origin, note, created_at, created_by, updated_at, updated_by)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
  json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
  json_extract(value, '$[7]'), ?2, ?3, ?2, ?3
FROM json_each(?1) WHERE true
ON CONFLICT (id) DO UPDATE SET
  kind = excluded.kind, text = excluded.text, enabled = excluded.enabled, version = excluded.version,
  origin = excluded.origin, note = COALESCE(excluded.note, rules.note), updated_at = excluded.updated_at,
  updated_by = excluded.updated_by`;

const INSERT_VERSIONS = `INSERT INTO rule_versions (rule_id, version, change, kind, text, enabled, changed_at, changed_by)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[4]'), json_extract(value, '$[6]'),
  json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), ?2, ?3
FROM json_each(?1)`;

const DELETE_RULES = "DELETE FROM rules WHERE id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))";

const BUMP_RULE_SET = `INSERT INTO rule_set_version (id, version, stamp, changed_at)
VALUES (1, 1, lower(hex(randomblob(8))), ?1)
ON CONFLICT (id) DO UPDATE SET version = version + 1, stamp = excluded.stamp, changed_at = excluded.changed_at`;

/** The rule-set version bump, for other writers whose change alters what the rules compile to. */
export function bumpRuleSetStatement(store: StoreHandle, now: number): D1PreparedStatement {
  return store.d1.prepare(BUMP_RULE_SET).bind(now);
}

/**
 * The bump only while `condition` (SQL whose parameters start at ?2) holds, so a write that finds
 * nothing to change does not make every isolate recompile the rules. Run it before the write.
 */
export function bumpRuleSetWhenStatement(
  store: StoreHandle,
  now: number,
  condition: string,
  ...values: unknown[]
): D1PreparedStatement {
  return store.d1
    .prepare(`INSERT INTO rule_set_version (id, version, stamp, changed_at)
SELECT 1, 1, lower(hex(randomblob(8))), ?1 WHERE ${condition}
ON CONFLICT (id) DO UPDATE SET version = version + 1, stamp = excluded.stamp, changed_at = excluded.changed_at`)
    .bind(now, ...values);
}

function writeRow(write: RuleWrite): unknown[] {
  return [
    write.id,
    write.kind,
    write.text,
    write.enabled ? 1 : 0,
    write.version,
    write.origin,
    write.change,
    write.note ?? null,
  ];
}

/**
 * Applies the writes (a `delete` change removes the row, keeping its history) and bumps the
 * rule-set version, atomically, with `also` (an audit entry) in the same batch. Fails as a whole
 * when another writer took one of the versions.
 */
export async function applyRuleWrites(
  store: StoreHandle,
  writes: readonly RuleWrite[],
  by: number | null,
  now: number,
  also: readonly D1PreparedStatement[] = [],
) {
  if (writes.length === 0) return;
  await store.d1.batch([...ruleWriteStatements(store, writes, by, now), bumpRuleSetStatement(store, now), ...also]);
}

function ruleWriteStatements(
  store: StoreHandle,
  writes: readonly RuleWrite[],
  by: number | null,
  now: number,
): D1PreparedStatement[] {
  const rows = writes.map(writeRow);
  const statements: D1PreparedStatement[] = [];
  for (const payload of chunkJsonRows(rows)) statements.push(store.d1.prepare(INSERT_VERSIONS).bind(payload, now, by));
  const kept = writes.filter((w) => w.change !== "delete").map(writeRow);
  for (const payload of chunkJsonRows(kept)) statements.push(store.d1.prepare(UPSERT_RULES).bind(payload, now, by));
  const deleted = writes.filter((w) => w.change === "delete").map((w) => [w.id]);
  if (deleted.length > 0) statements.push(store.d1.prepare(DELETE_RULES).bind(JSON.stringify(deleted)));
  return statements;
}

/** The release a deployment runs instead of the bundled one (migrations/0017_rule_releases.sql). */
export interface RuleReleaseWrite {
  digest: string;
  name: string;
  r2Key: string;
  files: number;
  failed: number;
}

const SET_RELEASE = `INSERT INTO rule_release (id, digest, name, r2_key, files, failed, applied_at, applied_by)
VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, name = excluded.name, r2_key = excluded.r2_key,
  files = excluded.files, failed = excluded.failed, applied_at = excluded.applied_at, applied_by = excluded.applied_by`;

/**
 * Names the release in use (null: back to the bundled one) with the rule writes the change makes,
 * the rule-set bump and `also` (an audit entry), in one batch.
 */
export async function applyRuleRelease(
  store: StoreHandle,
  release: RuleReleaseWrite | null,
  writes: readonly RuleWrite[],
  by: number | null,
  now: number,
  also: readonly D1PreparedStatement[] = [],
): Promise<void> {
  const name =
    release === null
      ? store.d1.prepare("DELETE FROM rule_release")
      : store.d1
          .prepare(SET_RELEASE)
          .bind(release.digest, release.name, release.r2Key, release.files, release.failed, now, by);
  await store.d1.batch([
    name,
    ...ruleWriteStatements(store, writes, by, now),
    bumpRuleSetStatement(store, now),
    ...also,
  ]);
}

const SET_PACK = `INSERT INTO rule_packs (pack, enabled, changed_at, changed_by) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (pack) DO UPDATE SET enabled = excluded.enabled, changed_at = excluded.changed_at,
  changed_by = excluded.changed_by`;

/** Switches a pack, bumping the rule-set version and writing `also` (an audit entry) in the same batch. */
export async function setRulePack(
  store: StoreHandle,
  pack: string,
  enabled: boolean,
  by: number | null,
  now: number,
  also: readonly D1PreparedStatement[] = [],
): Promise<void> {
  await store.d1.batch([
    store.d1.prepare(SET_PACK).bind(pack, enabled ? 1 : 0, now, by),
    bumpRuleSetStatement(store, now),
    ...also,
  ]);
}
