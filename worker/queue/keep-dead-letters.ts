/**
 * The one rule of every dead-letter queue consumer: a message is acknowledged only once it is
 * stored in D1. A dead-letter queue has no dead-letter queue of its own, so a message past its
 * consumer's max_retries is deleted; while D1 cannot take it, it is retried with a long back-off
 * (a minute, doubling to an hour), which with wrangler.toml's max_retries = 100 outlasts a D1
 * outage of about four days.
 */
import { backOffSeconds } from "./back-off.ts";

const FIRST_DELAY_SECONDS = 60;
const MAX_DELAY_SECONDS = 3600;

export function deadLetterRetryDelaySeconds(attempts: number): number {
  return backOffSeconds(attempts, FIRST_DELAY_SECONDS, MAX_DELAY_SECONDS);
}

/**
 * Stores each message with `keep`, acknowledging it once stored and retrying it otherwise; returns
 * what `keep` returned for the stored ones.
 */
export async function keepDeadLetters<T>(
  batch: MessageBatch<unknown>,
  queueLabel: string,
  keep: (message: Message<unknown>) => Promise<T>,
): Promise<T[]> {
  const kept: T[] = [];
  for (const message of batch.messages) {
    try {
      kept.push(await keep(message));
      message.ack();
    } catch (error) {
      const delaySeconds = deadLetterRetryDelaySeconds(message.attempts);
      console.error(
        `${queueLabel}: could not store dead letter ${message.id} (attempt ${message.attempts}), retrying in ${delaySeconds}s: ${(error as Error).message}`,
      );
      message.retry({ delaySeconds });
    }
  }
  return kept;
}
