/**
 * IP list rows. Every write goes in one D1 batch with a rule-set version bump, so the isolate that
 * sees the new version compiles the rules against the lists it counts (see active-rule-set.ts).
 * Raw D1, because that bump (rule-writes.ts) is a raw statement that must share the batch.
 */

import type { StoreHandle } from "./handle.ts";
import { bumpRuleSetWhenStatement } from "./rule-writes.ts";

export type IpListKind = "allow" | "deny";

export interface IpList {
  id: number;
  name: string;
  kind: IpListKind;
  description: string;
  entries: string[];
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

interface IpListRecord {
  id: number;
  name: string;
  kind: IpListKind;
  description: string;
  entries: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

function fromRecord(r: IpListRecord): IpList {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    description: r.description,
    entries: JSON.parse(r.entries) as string[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function loadIpLists(store: StoreHandle): Promise<IpList[]> {
  const { results } = await store.d1.prepare("SELECT * FROM ip_lists ORDER BY name").all<IpListRecord>();
  return results.map(fromRecord);
}

export async function findIpList(store: StoreHandle, id: number): Promise<IpList | null> {
  const row = await store.d1.prepare("SELECT * FROM ip_lists WHERE id = ?").bind(id).first<IpListRecord>();
  return row === null ? null : fromRecord(row);
}

export interface NewIpList {
  name: string;
  kind: IpListKind;
  description: string;
  entries: readonly string[];
}

/**
 * Inserts the list; null when one of that name exists. `also`, here and in the other writes, runs
 * in the same batch right after the write (an audit entry).
 */
export async function insertIpList(
  store: StoreHandle,
  list: NewIpList,
  by: string,
  now: number,
  also: readonly D1PreparedStatement[] = [],
): Promise<IpList | null> {
  const [, inserted] = await store.d1.batch<IpListRecord>([
    bumpRuleSetWhenStatement(store, now, "NOT EXISTS (SELECT 1 FROM ip_lists WHERE name = ?2)", list.name),
    store.d1
      .prepare(
        `INSERT INTO ip_lists (name, kind, description, entries, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) ON CONFLICT (name) DO NOTHING RETURNING *`,
      )
      .bind(list.name, list.kind, list.description, JSON.stringify(list.entries), now, by),
    ...also,
  ]);
  const row = inserted?.results[0];
  return row === undefined ? null : fromRecord(row);
}

export interface IpListChanges {
  kind?: IpListKind;
  description?: string;
  entries?: readonly string[];
}

/** Applies the changes; null when there is no such list. */
export async function updateIpList(
  store: StoreHandle,
  id: number,
  changes: IpListChanges,
  by: string,
  now: number,
  also: readonly D1PreparedStatement[] = [],
): Promise<IpList | null> {
  const entries = changes.entries === undefined ? null : JSON.stringify(changes.entries);
  const [, updated] = await store.d1.batch<IpListRecord>([
    bumpRuleSetWhenStatement(store, now, "EXISTS (SELECT 1 FROM ip_lists WHERE id = ?2)", id),
    store.d1
      .prepare(
        `UPDATE ip_lists SET kind = coalesce(?2, kind), description = coalesce(?3, description),
           entries = coalesce(?4, entries), updated_at = ?5, updated_by = ?6
         WHERE id = ?1 RETURNING *`,
      )
      .bind(id, changes.kind ?? null, changes.description ?? null, entries, now, by),
    ...also,
  ]);
  const row = updated?.results[0];
  return row === undefined ? null : fromRecord(row);
}

export async function deleteIpList(
  store: StoreHandle,
  id: number,
  now: number,
  also: readonly D1PreparedStatement[] = [],
): Promise<boolean> {
  const [, deleted] = await store.d1.batch([
    bumpRuleSetWhenStatement(store, now, "EXISTS (SELECT 1 FROM ip_lists WHERE id = ?2)", id),
    store.d1.prepare("DELETE FROM ip_lists WHERE id = ?").bind(id),
    ...also,
  ]);
  return (deleted?.meta.changes ?? 0) > 0;
}
