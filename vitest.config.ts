import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { unstable_readConfig } from "wrangler";
import { writeRulesBundle } from "./scripts/lib/rules-bundle.ts";

/** The fields of a wrangler.toml `[[queues.consumers]]` entry the tests keep (wrangler types the config loosely). */
interface QueueConsumerConfig {
  queue: string;
  max_batch_size?: number;
  max_retries?: number;
  dead_letter_queue?: string;
}

// Two projects: the Worker's code runs inside workerd against a real local D1, Queue and the built
// static assets; the browser and agent tests are Node processes driving a live `wrangler dev`.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  // wrangler.toml's queue consumers with a 50 ms batch window instead of 1-2 s: a part that keeps
  // failing reaches the dead-letter queue after its real number of retries, without waiting a
  // second before each. Retries, batch sizes and dead-letter queues stay as deployed.
  const consumers: QueueConsumerConfig[] = unstable_readConfig({ config: "wrangler.toml" }).queues.consumers ?? [];
  const queueConsumers = Object.fromEntries(
    consumers.map((consumer) => [
      consumer.queue,
      {
        maxBatchSize: consumer.max_batch_size,
        maxBatchTimeout: 0.05,
        maxRetries: consumer.max_retries,
        deadLetterQueue: consumer.dead_letter_queue,
      },
    ]),
  );
  // The Worker imports rules/ as a generated module; the workers project builds it from that.
  writeRulesBundle();
  return {
    test: {
      // Vitest's default is one file at a time on a two-core machine (cores - 1); most files wait on
      // workerd, wrangler dev or Chromium rather than compute, so two at a time halve the wall time.
      maxWorkers: 2,
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-0123456789",
                  ADMIN_PASSWORD: "admin-test-password",
                  // Failed notification deliveries retry at once, so a test sees the dead-letter queue in seconds.
                  NOTIFY_RETRY_BASE_SECONDS: "0",
                  // Failed ingest parts too, so a part that keeps failing reaches the dead-letter queue in seconds.
                  INGEST_RETRY_BASE_SECONDS: "0",
                },
                // A second D1, so the event-shard tests route batches and searches across two real databases.
                d1Databases: ["EVENT_SHARD_TEST"],
                queueConsumers,
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
            // The engine's and the file-format readers' tests run in Node (the detect project below).
            exclude: ["test/unit/detect/**", "test/unit/formats/**"],
            setupFiles: ["test/setup/apply-migrations.ts"],
            // A real webhook receiver in Node for the notification tests (see the file).
            globalSetup: ["test/support/notify-receiver.ts"],
          },
        },
        {
          // The detection engine and the file-format readers are pure code: tested in Node, where the
          // SigmaHQ and EVTX corpora can be read from ../shared in place; nothing in them depends on
          // the runtime. The import-direction check reads worker/'s sources, so it runs here too.
          // test/corpus/ reads whole log corpora from ../shared through the Worker's own readers.
          test: {
            name: "detect",
            include: [
              "test/unit/detect/**/*.test.ts",
              "test/unit/formats/**/*.test.ts",
              "test/architecture/**/*.test.ts",
              "test/corpus/**/*.test.ts",
            ],
            environment: "node",
            testTimeout: 60_000,
          },
        },
        {
          test: {
            name: "node",
            include: [
              "test/browser/**/*.test.ts",
              "test/agents/**/*.test.ts",
              "test/scripts/**/*.test.ts",
              // The load and fault test at CI size (README, "Load and fault test"); `npm run test:load` runs it bigger.
              "test/load/**/*.test.ts",
            ],
            environment: "node",
            testTimeout: 120_000,
            hookTimeout: 180_000,
            fileParallelism: false,
            // One migrated local D1 that every live dev server of the run starts from.
            globalSetup: ["test/support/d1-template.ts"],
          },
        },
      ],
    },
  };
});
