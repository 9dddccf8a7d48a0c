/**
 * One more try at storing a dead-lettered ingest part, through the same path as the retry queue:
 * idempotent by batch id, so a part that was stored meanwhile counts and alerts nothing twice. A try
 * that fails leaves the dead letter pending with the new error.
 */
import type { DetectionSettings } from "../../alerts/settings.ts";
import { isIngestPart } from "../../queue/messages.ts";
import type { EventShards } from "../../store/event-shards.ts";
import type { StoreHandle } from "../../store/handle.ts";
import { recordIngestDeadLetterFailure, settleIngestDeadLetter } from "../../store/ingest-dead-letters.ts";
import type { StoredBatch } from "../store-batch.ts";
import { storeIngestPart } from "./ingest-part.ts";

export type ReplayOutcome = { ok: true; alerts: number } | { ok: false; error: string };

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || `${error.name} (no message)`;
  return String(error);
}

/** `store` holds the dead letters; the part is stored in its shard of `shards`, as the retry queue would. */
export async function replayIngestDeadLetter(
  store: StoreHandle,
  shards: EventShards,
  letter: { id: number; message: string },
  detection: DetectionSettings,
  by: string,
): Promise<ReplayOutcome> {
  let stored: StoredBatch;
  try {
    const part: unknown = JSON.parse(letter.message);
    if (!isIngestPart(part)) throw new Error("the message is not an ingest part, so it cannot be stored; discard it");
    stored = await storeIngestPart(shards, part, detection);
  } catch (error) {
    const text = errorText(error);
    try {
      await recordIngestDeadLetterFailure(store, letter.id, text);
    } catch (recordError) {
      console.error(`ingest dead letters: could not record the error of ${letter.id}: ${errorText(recordError)}`);
    }
    return { ok: false, error: text };
  }
  await detection.notify(stored.newAlerts);
  try {
    await settleIngestDeadLetter(store, letter.id, "replayed", by, Date.now());
  } catch (error) {
    // The part is stored; the row stays pending, and replaying it again stores nothing twice.
    console.error(`ingest dead letters: stored ${letter.id} but could not mark it replayed: ${errorText(error)}`);
  }
  return { ok: true, alerts: stored.alerts };
}
