/**
 * Writing the audit log. An entry is best written in the same D1 batch as the change it records
 * (auditStatement for raw D1 batches, auditQuery for drizzle ones), so the change and its record
 * commit together; recordAudit writes one on its own, for actions with no change to join.
 *
 * `onlyIfChanged` makes the entry conditional on the statement just before it in the batch having
 * changed a row (SQLite's changes()), so a revoke of an unknown token or an update of a missing
 * row leaves no record of a change that never happened. `target: "inserted"` takes the target id
 * from the row that statement inserted, for tables whose ids the database assigns.
 */
import { sql } from "drizzle-orm";
import { auditLog } from "../store/audit-schema.ts";
import type { Database } from "../store/db.ts";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.sign_out"
  | "user.create"
  | "user.update"
  | "token.create"
  | "token.revoke"
  | "rule.create"
  | "rule.update"
  | "rule.delete"
  | "rule.enable"
  | "rule.disable"
  | "rule.import"
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

const COLUMNS = "at, actor_id, actor_name, action, target_type, target_id, detail, ip";

function values(entry: AuditEntry): unknown[] {
  const targetId = entry.target === null || entry.target.id === "inserted" ? null : String(entry.target.id);
  return [
    entry.at ?? Date.now(),
    entry.actor?.id ?? null,
    entry.actor?.name ?? null,
    entry.action,
    entry.target?.type ?? null,
    targetId,
    JSON.stringify(entry.detail ?? {}),
    entry.ip,
  ];
}

const INSERTED_ID = "CAST(last_insert_rowid() AS TEXT)";
const IF_CHANGED = " WHERE changes() > 0";

/** One audit insert as a raw D1 statement, for stores that write with `d1.batch`. */
export function auditStatement(d1: D1Database, entry: AuditEntry, options: AuditOptions = {}): D1PreparedStatement {
  const target = entry.target?.id === "inserted" ? `coalesce(?, ${INSERTED_ID})` : "?";
  const where = options.onlyIfChanged ? IF_CHANGED : "";
  return d1
    .prepare(`INSERT INTO audit_log (${COLUMNS}) SELECT ?, ?, ?, ?, ?, ${target}, ?, ?${where}`)
    .bind(...values(entry));
}

/** One audit insert as a drizzle batch item, for stores that write with `db.batch`. */
export function auditQuery(db: Database, entry: AuditEntry, options: AuditOptions = {}) {
  const [at, actorId, actorName, action, targetType, targetId, detail, ip] = values(entry);
  const target =
    entry.target?.id === "inserted" ? sql`coalesce(${targetId}, ${sql.raw(INSERTED_ID)})` : sql`${targetId}`;
  const where = sql.raw(options.onlyIfChanged ? IF_CHANGED : "");
  // insert().select() lists every column in the table's order, id first (NULL: SQLite assigns it).
  // Not db.run(sql): drizzle 0.45 cannot batch a raw statement that has bound parameters.
  return db
    .insert(auditLog)
    .select(
      sql`SELECT NULL, ${at}, ${actorId}, ${actorName}, ${action}, ${targetType}, ${target}, ${detail}, ${ip}${where}`,
    );
}

/** Writes one entry by itself: for actions that change nothing stored (a sign-in, a failed one). */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await auditQuery(db, entry);
}
