/**
 * Reading rule rows, their version history and the rule-set version counter, with drizzle: typed
 * selects. The writes are in rule-writes.ts.
 */
import { asc, desc, eq, max, sql } from "drizzle-orm";
import { chunkJsonRows } from "./batch-write.ts";
import type { StoreHandle } from "./handle.ts";
import {
  type RulePackRow,
  type RuleReleaseRow,
  type RuleRow,
  rulePacks,
  ruleRelease,
  ruleSetVersion,
  rules,
  ruleVersions,
} from "./rules-schema.ts";

export interface RuleSetStamp {
  version: number;
  /** Changes on every bump; what caches compare. */
  stamp: string;
}

/** The state before any rule was ever changed. */
export const INITIAL_RULE_SET_STAMP: RuleSetStamp = { version: 0, stamp: "initial" };

export async function readRuleSetStamp(store: StoreHandle): Promise<RuleSetStamp> {
  const rows = await store.orm
    .select({ version: ruleSetVersion.version, stamp: ruleSetVersion.stamp })
    .from(ruleSetVersion)
    .where(eq(ruleSetVersion.id, 1));
  return rows[0] ?? INITIAL_RULE_SET_STAMP;
}

/**
 * The counter, every rule row, the packs' switches and the release in use (null: the bundled one),
 * read together so they are the ones the counter names.
 */
export async function readRuleRows(
  store: StoreHandle,
): Promise<{ stamp: RuleSetStamp; rows: RuleRow[]; packs: RulePackRow[]; release: RuleReleaseRow | null }> {
  const [stampRows, rows, packs, releases] = await store.orm.batch([
    store.orm
      .select({ version: ruleSetVersion.version, stamp: ruleSetVersion.stamp })
      .from(ruleSetVersion)
      .where(eq(ruleSetVersion.id, 1)),
    store.orm.select().from(rules).orderBy(asc(rules.id)),
    store.orm.select().from(rulePacks).orderBy(asc(rulePacks.pack)),
    store.orm.select().from(ruleRelease).where(eq(ruleRelease.id, 1)),
  ]);
  return { stamp: stampRows[0] ?? INITIAL_RULE_SET_STAMP, rows, packs, release: releases[0] ?? null };
}

export async function listRuleVersions(store: StoreHandle, id: string) {
  return store.orm.select().from(ruleVersions).where(eq(ruleVersions.ruleId, id)).orderBy(desc(ruleVersions.version));
}

/** Each rule's newest version number in the history (deleted rules included); absent ids have none. */
export async function latestVersions(store: StoreHandle, ids: readonly string[]): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  if (ids.length === 0) return latest;
  for (const payload of chunkJsonRows(ids.map((id) => [id]))) {
    const rows = await store.orm
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
