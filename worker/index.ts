import type { Env } from "./env.ts";
import { createApp } from "./http/app.ts";
import { consumeIngestQueue } from "./queue/consumer.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await consumeIngestQueue(batch, env.DB);
  },
} satisfies ExportedHandler<Env>;
