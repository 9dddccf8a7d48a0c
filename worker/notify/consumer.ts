/**
 * NOTIFY_QUEUE's consumer, and the consumer of its dead-letter queue.
 *
 * New alerts arrive as one `notify-alerts` message; it is fanned out into one `notify-delivery`
 * message per target, so each target is retried on its own schedule and a target that is down
 * never delays or repeats deliveries to the others. A delivery that fails is retried with
 * exponential back-off; after wrangler.toml's max_retries the Queue moves it to the dead-letter
 * queue, whose consumer records it in D1 (worker/queue/keep-dead-letters.ts).
 */
import type { Env } from "../env.ts";
import { backOffSeconds, baseSecondsSetting } from "../queue/back-off.ts";
import { keepDeadLetters } from "../queue/keep-dead-letters.ts";
import { groupForSend } from "../queue/messages.ts";
import { openStore } from "../store/handle.ts";
import { type DeadLetter, storeDeadLetters } from "../store/notification-dead-letters.ts";
import { findTarget, listEnabledTargets, recordDelivery } from "../store/notification-targets.ts";
import { deliver } from "./deliver.ts";
import { deliveriesFor } from "./fan-out.ts";
import type { AlertsMessage, DeliveryMessage, NotifyMessage } from "./types.ts";

export const NOTIFY_QUEUE_NAME = "edgesiem-notify";
export const NOTIFY_DEAD_LETTER_QUEUE_NAME = "edgesiem-notify-dlq";

const DEFAULT_RETRY_BASE_SECONDS = 10;
const MAX_RETRY_DELAY_SECONDS = 3600;

export type NotifyEnv = Pick<Env, "DB" | "NOTIFY_QUEUE" | "PUBLIC_URL" | "NOTIFY_RETRY_BASE_SECONDS">;

/** base, 2×base, 4×base, ... capped at an hour. */
export function notifyRetryDelaySeconds(attempts: number, baseSeconds: number): number {
  return backOffSeconds(attempts, baseSeconds, MAX_RETRY_DELAY_SECONDS);
}

function isNotifyMessage(body: unknown): body is NotifyMessage {
  const kind = (body as { kind?: unknown } | null)?.kind;
  return (kind === "notify-alerts" || kind === "notify-delivery") && Array.isArray((body as AlertsMessage).alerts);
}

export async function consumeNotifyQueue(batch: MessageBatch<unknown>, env: NotifyEnv): Promise<void> {
  const fanOuts: Message<AlertsMessage>[] = [];
  const deliveries: Message<DeliveryMessage>[] = [];
  for (const message of batch.messages) {
    const body = message.body;
    if (!isNotifyMessage(body)) {
      // Retrying cannot make it deliverable.
      console.error(`notify queue: message ${message.id} is not a notification; dropping it`);
      message.ack();
    } else if (body.kind === "notify-alerts") fanOuts.push(message as Message<AlertsMessage>);
    else deliveries.push(message as Message<DeliveryMessage>);
  }
  const base = baseSecondsSetting(env.NOTIFY_RETRY_BASE_SECONDS, DEFAULT_RETRY_BASE_SECONDS);
  await Promise.all([fanOut(fanOuts, env, base), ...deliveries.map((message) => deliverOne(message, env, base))]);
}

async function fanOut(messages: Message<AlertsMessage>[], env: NotifyEnv, base: number): Promise<void> {
  if (messages.length === 0) return;
  try {
    const targets = await listEnabledTargets(openStore(env.DB));
    const outgoing = messages
      .flatMap((message) => deliveriesFor(message.body.alerts, targets))
      .map((body) => ({ body, bytes: new TextEncoder().encode(JSON.stringify(body)).byteLength }));
    for (const group of groupForSend(outgoing)) {
      await env.NOTIFY_QUEUE.sendBatch(group.map(({ body }) => ({ body, contentType: "json" as const })));
    }
    for (const message of messages) message.ack();
  } catch (error) {
    for (const message of messages) {
      const delaySeconds = notifyRetryDelaySeconds(message.attempts, base);
      console.error(
        `notify queue: fanning out alerts failed (attempt ${message.attempts}), retrying in ${delaySeconds}s: ${(error as Error).message}`,
      );
      message.retry({ delaySeconds });
    }
  }
}

async function deliverOne(message: Message<DeliveryMessage>, env: NotifyEnv, base: number): Promise<void> {
  const { targetId, alerts, test } = message.body;
  const store = openStore(env.DB);
  const retry = (reason: string) => {
    const delaySeconds = notifyRetryDelaySeconds(message.attempts, base);
    console.error(
      `notify queue: delivery to target ${targetId} failed (attempt ${message.attempts}), retrying in ${delaySeconds}s: ${reason}`,
    );
    message.retry({ delaySeconds });
  };
  let target: Awaited<ReturnType<typeof findTarget>>;
  try {
    target = await findTarget(store, targetId);
  } catch (error) {
    retry(`could not read the target: ${(error as Error).message}`);
    return;
  }
  // Deleted or disabled since the alerts were fanned out: the admin no longer wants them there.
  if (!target || (!target.enabled && !test)) {
    message.ack();
    return;
  }
  const outcome = await deliver(target, alerts, { baseUrl: env.PUBLIC_URL ?? null, test });
  try {
    await recordDelivery(
      store,
      targetId,
      outcome.ok ? { status: "delivered", error: null } : { status: "failed", error: outcome.error },
      Date.now(),
    );
  } catch (error) {
    // The delivery itself is settled; redoing it for the sake of a status line would send it twice.
    console.error(
      `notify queue: could not record the delivery status of target ${targetId}: ${(error as Error).message}`,
    );
  }
  if (outcome.ok) message.ack();
  else retry(outcome.error);
}

export async function consumeNotifyDeadLetters(batch: MessageBatch<unknown>, d1: D1Database): Promise<void> {
  const store = openStore(d1);
  await keepDeadLetters(batch, "notify dead-letter queue", async (message) => {
    const body = isNotifyMessage(message.body) ? message.body : null;
    const letter: DeadLetter = {
      targetId: body?.kind === "notify-delivery" ? body.targetId : null,
      alertIds: body?.alerts.map((alert) => alert.alertId) ?? [],
      message: message.body,
    };
    await storeDeadLetters(store, [letter], Date.now());
    console.error(
      `notify queue: gave up on ${letter.targetId === null ? "fanning out" : `target ${letter.targetId} for`} alerts ${letter.alertIds.join(", ")}`,
    );
  });
}
