/**
 * Shaping audit entries; the SQL that writes them is in store/audit-statement.ts and audit-query.ts.
 * An entry is best written in the same D1 batch as the change it records
 * (auditStatement for raw D1 batches, auditQuery for drizzle ones), so the change and its record
 * commit together; recordAudit writes one on its own, for actions with no change to join.
 *
 * `onlyIfChanged` makes the entry conditional on the statement just before it in the batch having
 * changed a row (SQLite's changes()), so a revoke of an unknown token or an update of a missing
 * row leaves no record of a change that never happened. `target: "inserted"` takes the target id
 * from the row that statement inserted, for tables whose ids the database assigns.
 */
import type { AuditInsert } from "../store/audit-insert.ts";
import { auditInsertQuery } from "../store/audit-query.ts";
import { auditInsertStatement } from "../store/audit-statement.ts";
import type { StoreHandle } from "../store/handle.ts";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.sign_out"
  | "user.create"
  | "user.update"
  | "user.password_change"
  | "user.password_reset"
  | "token.create"
  | "token.revoke"
  | "rule.create"
  | "rule.update"
  | "rule.delete"
  | "rule.enable"
  | "rule.disable"
  | "rule.import"
  | "rule_pack.enable"
  | "rule_pack.disable"
  | "rule_release.apply"
  | "rule_release.revert"
  | "exception.create"
  | "exception.delete"
  | "ip_list.create"
  | "ip_list.update"
  | "ip_list.import"
  | "ip_list.delete"
  | "notification_target.create"
  | "notification_target.update"
  | "notification_target.delete"
  | "dead_letter.replay"
  | "dead_letter.discard"
  | "archive.restore";

export type AuditTargetType =
  | "user"
  | "token"
  | "rule"
  | "rule_pack"
  | "rule_release"
  | "exception"
  | "ip_list"
  | "notification_target"
  | "dead_letter"
  | "archive_day";

/** Who acted: a signed-in user (id and name), or a name alone for someone not signed in. */
export interface AuditActor {
  id: number | null;
  name: string;
}

export interface AuditEntry {
  /** null: the system itself (the first-start admin). */
  actor: AuditActor | null;
  action: AuditAction;
  /** The id is "inserted" when the statement before this one in the batch assigns it. */
  target: { type: AuditTargetType; id: string | number | "inserted" } | null;
  /** What changed. Never passwords, token secrets or webhook URLs. */
  detail?: Record<string, unknown>;
  ip: string | null;
  at?: number;
}

export interface AuditOptions {
  onlyIfChanged?: boolean;
}

function auditInsert(entry: AuditEntry): AuditInsert {
  return {
    at: entry.at ?? Date.now(),
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target === null || entry.target.id === "inserted" ? null : String(entry.target.id),
    targetInserted: entry.target?.id === "inserted",
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip,
  };
}

/** One audit insert as a raw D1 statement, for stores that write with `d1.batch`. */
export function auditStatement(store: StoreHandle, entry: AuditEntry, options: AuditOptions = {}): D1PreparedStatement {
  return auditInsertStatement(store, auditInsert(entry), options.onlyIfChanged ?? false);
}

/** One audit insert as a drizzle batch item, for stores that write with `db.batch`. */
export function auditQuery(store: StoreHandle, entry: AuditEntry, options: AuditOptions = {}) {
  return auditInsertQuery(store, auditInsert(entry), options.onlyIfChanged ?? false);
}

/** Writes one entry by itself: for actions that change nothing stored (a sign-in, a failed one). */
export async function recordAudit(store: StoreHandle, entry: AuditEntry): Promise<void> {
  await auditQuery(store, entry);
}
