import { workerDetectionSettings } from "./alerts/worker-settings.ts";
import type { Env } from "./env.ts";
import { createApp } from "./http/app.ts";
import {
  consumeNotifyDeadLetters,
  consumeNotifyQueue,
  NOTIFY_DEAD_LETTER_QUEUE_NAME,
  NOTIFY_QUEUE_NAME,
} from "./notify/consumer.ts";
import { consumeIngestQueue } from "./queue/consumer.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === NOTIFY_QUEUE_NAME) await consumeNotifyQueue(batch, env);
    else if (batch.queue === NOTIFY_DEAD_LETTER_QUEUE_NAME) await consumeNotifyDeadLetters(batch, env.DB);
    else await consumeIngestQueue(batch, env.DB, workerDetectionSettings(env));
  },
} satisfies ExportedHandler<Env>;
