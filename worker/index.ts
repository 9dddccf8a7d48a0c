import { runMaintenance } from "./archive/maintenance.ts";
import type { Env } from "./env.ts";
import { createApp } from "./http/app.ts";
import { consumeIngestQueue, DEFAULT_INGEST_RETRY_BASE_SECONDS } from "./ingest/retry/consumer.ts";
import { consumeIngestDeadLetters, INGEST_DEAD_LETTER_QUEUE_NAME } from "./ingest/retry/dead-letter-consumer.ts";
import {
  consumeNotifyDeadLetters,
  consumeNotifyQueue,
  NOTIFY_DEAD_LETTER_QUEUE_NAME,
  NOTIFY_QUEUE_NAME,
} from "./notify/consumer.ts";
import { baseSecondsSetting } from "./queue/back-off.ts";
import { workerDetectionSettings } from "./rules/worker-settings.ts";
import { eventShards } from "./store/event-shards.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === NOTIFY_QUEUE_NAME) await consumeNotifyQueue(batch, env);
    else if (batch.queue === NOTIFY_DEAD_LETTER_QUEUE_NAME) await consumeNotifyDeadLetters(batch, env.DB);
    else if (batch.queue === INGEST_DEAD_LETTER_QUEUE_NAME) {
      await consumeIngestDeadLetters(batch, env.DB, workerDetectionSettings(env), eventShards(env));
    } else {
      const retryBase = baseSecondsSetting(env.INGEST_RETRY_BASE_SECONDS, DEFAULT_INGEST_RETRY_BASE_SECONDS);
      await consumeIngestQueue(batch, env.DB, workerDetectionSettings(env), retryBase, eventShards(env));
    }
  },
  // The cron trigger ([triggers] in wrangler.toml): sweeps and retention, a bounded share per run.
  async scheduled(controller, env) {
    const report = await runMaintenance(env, controller.scheduledTime);
    console.log(`maintenance: ${JSON.stringify(report)}`);
  },
} satisfies ExportedHandler<Env>;
