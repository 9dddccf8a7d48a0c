/**
 * Alert triage writes in raw D1: status/assignee changes, their history rows and a note for one
 * alert or many, in one batch whose history statements read each row before the update changes it.
 */
import type { AlertHistoryField, AlertStatus } from "./alerts-schema.ts";
import type { StoreHandle } from "./handle.ts";

export interface AlertChanges {
  status?: AlertStatus;
  /** A username, or null to unassign. */
  assignee?: string | null;
  note?: { author: string; text: string };
}

const IDS_IN = "id IN (SELECT value FROM json_each(?1))";

/**
 * One history row per alert whose field really changes, read from the row before the update that
 * follows it in the same D1 batch. `field` is one of two fixed column names, never input.
 */
function historyStatement(
  store: StoreHandle,
  field: AlertHistoryField,
  ids: string,
  value: string | null,
  actor: string,
  now: number,
): D1PreparedStatement {
  return store.d1
    .prepare(
      `INSERT INTO alert_history (alert_id, actor, field, old_value, new_value, created_at)
SELECT id, ?2, '${field}', ${field}, ?3, ?4 FROM alerts WHERE ${IDS_IN} AND ${field} IS NOT ?3`,
    )
    .bind(ids, actor, value, now);
}

/**
 * Applies status/assignee changes (and a note) to the alerts, recording each real change in the
 * alert's history, all in one D1 batch. Answers the ids that exist; the others are left alone.
 */
export async function updateAlerts(
  store: StoreHandle,
  ids: readonly number[],
  changes: AlertChanges,
  actor: string,
  now: number,
): Promise<number[]> {
  const idList = JSON.stringify(ids);
  const history: D1PreparedStatement[] = [];
  const sets = ["updated_at = ?2"];
  const values: unknown[] = [idList, now];
  if (changes.status !== undefined) {
    history.push(historyStatement(store, "status", idList, changes.status, actor, now));
    values.push(changes.status);
    sets.push(`status = ?${values.length}`);
  }
  if (changes.assignee !== undefined) {
    history.push(historyStatement(store, "assignee", idList, changes.assignee, actor, now));
    values.push(changes.assignee);
    sets.push(`assignee = ?${values.length}`);
  }
  const update = store.d1.prepare(`UPDATE alerts SET ${sets.join(", ")} WHERE ${IDS_IN} RETURNING id`).bind(...values);
  const note = changes.note
    ? [
        store.d1
          .prepare(
            `INSERT INTO alert_notes (alert_id, author, text, created_at)
SELECT id, ?2, ?3, ?4 FROM alerts WHERE ${IDS_IN}`,
          )
          .bind(idList, changes.note.author, changes.note.text, now),
      ]
    : [];
  const results = await store.d1.batch<{ id: number }>([...history, update, ...note]);
  // The history rows come first, so the update's answer sits right after them.
  const updated = results[history.length];
  return (updated?.results ?? []).map((row) => row.id).sort((a, b) => a - b);
}
