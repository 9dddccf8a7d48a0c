/**
 * The consumer of INGEST_QUEUE's dead-letter queue: keeps every part the retry queue gave up on in
 * D1 (ingest_dead_letters), where the dashboard shows it and an admin can replay it.
 *
 * The Queue does not pass on why the part failed, so once the part is safely recorded the consumer
 * tries it once more: the error of that try is the one shown (recorded as unknown only if the try
 * never got to run), and a fault that has passed meanwhile just gets the part stored.
 */
import type { DetectionSettings } from "../../alerts/settings.ts";
import { keepDeadLetters } from "../../queue/keep-dead-letters.ts";
import { isIngestPart } from "../../queue/messages.ts";
import { type EventShards, singleDatabaseShards } from "../../store/event-shards.ts";
import { openStore } from "../../store/handle.ts";
import { type NewIngestDeadLetter, recordIngestDeadLetter } from "../../store/ingest-dead-letters.ts";
import { partKey } from "./ingest-part.ts";
import { replayIngestDeadLetter } from "./replay-dead-letter.ts";

export const INGEST_DEAD_LETTER_QUEUE_NAME = "edgesiem-ingest-dlq";
/** Who replayed a part stored by the consumer's own try. */
export const DEAD_LETTER_CONSUMER = "dead-letter consumer";

function deadLetterOf(message: Message<unknown>): NewIngestDeadLetter {
  const body = message.body;
  if (isIngestPart(body)) {
    return {
      partKey: partKey(body),
      batchId: body.batchId,
      tokenId: body.tokenId,
      recordCount: body.records.length,
      message: JSON.stringify(body),
    };
  }
  return {
    partKey: `message:${message.id}`,
    batchId: null,
    tokenId: null,
    recordCount: 0,
    message: JSON.stringify(body) ?? "null",
  };
}

export async function consumeIngestDeadLetters(
  batch: MessageBatch<unknown>,
  d1: D1Database,
  detection: DetectionSettings,
  shards: EventShards = singleDatabaseShards(d1),
): Promise<void> {
  const store = openStore(d1);
  const kept = await keepDeadLetters(batch, "ingest dead-letter queue", async (message) => {
    const letter = deadLetterOf(message);
    return { id: await recordIngestDeadLetter(store, letter, Date.now()), letter };
  });
  for (const { id, letter } of kept) {
    const outcome = await replayIngestDeadLetter(
      store,
      shards,
      { id, message: letter.message },
      detection,
      DEAD_LETTER_CONSUMER,
    );
    if (outcome.ok) console.log(`ingest dead letters: part ${letter.partKey} stored on the consumer's own try`);
    else console.error(`ingest dead letters: kept part ${letter.partKey} as dead letter ${id}: ${outcome.error}`);
  }
}
