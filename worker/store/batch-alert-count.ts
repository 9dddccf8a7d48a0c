/** The answer to an ingest resend: how many alerts the stored batch raised, one raw D1 count. */
import type { StoreHandle } from "./handle.ts";

export async function batchAlertCount(store: StoreHandle, batchId: string): Promise<number> {
  const row = await store.d1
    .prepare("SELECT count(DISTINCT alert_id) AS n FROM alert_events WHERE batch_id = ?")
    .bind(batchId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
