/**
 * The parts of wrangler.toml the Deno host needs, read with smol-toml: the TOML parser wrangler
 * itself bundles (same version), so both read the file the same way.
 */
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

export interface QueueConsumerConfig {
  queue: string;
  maxBatchSize: number;
  maxBatchTimeoutSeconds: number;
  maxRetries: number;
  deadLetterQueue: string | null;
  retryDelaySeconds: number;
}

export interface RateLimitConfig {
  binding: string;
  limit: number;
  periodSeconds: number;
}

export interface WranglerConfig {
  main: string;
  vars: Record<string, string>;
  d1: { binding: string; migrationsDir: string } | null;
  queueProducers: { binding: string; queue: string }[];
  queueConsumers: QueueConsumerConfig[];
  assets: { directory: string; binding: string | null; spa: boolean; runWorkerFirst: string[] } | null;
  r2Buckets: { binding: string; bucketName: string }[];
  rateLimits: RateLimitConfig[];
  crons: string[];
}

// Cloudflare Queues' defaults for keys a consumer leaves out.
const DEFAULT_MAX_BATCH_SIZE = 10;
const DEFAULT_MAX_BATCH_TIMEOUT_SECONDS = 5;
const DEFAULT_MAX_RETRIES = 3;

export function readWranglerConfig(path: string): WranglerConfig {
  return wranglerConfig(parse(readFileSync(path, "utf8")));
}

export function wranglerConfig(toml: Record<string, unknown>): WranglerConfig {
  const d1 = tables(toml.d1_databases, "d1_databases")[0];
  const queues = table(toml.queues, "queues");
  const assets = toml.assets === undefined ? null : table(toml.assets, "assets");
  const triggers = table(toml.triggers, "triggers");
  return {
    main: text(toml.main, "main"),
    vars: Object.fromEntries(Object.entries(table(toml.vars, "vars")).map(([name, value]) => [name, String(value)])),
    d1: d1
      ? {
          binding: text(d1.binding, "d1_databases.binding"),
          migrationsDir: optionalText(d1.migrations_dir) ?? "migrations",
        }
      : null,
    queueProducers: tables(queues.producers, "queues.producers").map((producer) => ({
      binding: text(producer.binding, "queues.producers.binding"),
      queue: text(producer.queue, "queues.producers.queue"),
    })),
    queueConsumers: tables(queues.consumers, "queues.consumers").map((consumer) => ({
      queue: text(consumer.queue, "queues.consumers.queue"),
      maxBatchSize: optionalNumber(consumer.max_batch_size) ?? DEFAULT_MAX_BATCH_SIZE,
      maxBatchTimeoutSeconds: optionalNumber(consumer.max_batch_timeout) ?? DEFAULT_MAX_BATCH_TIMEOUT_SECONDS,
      maxRetries: optionalNumber(consumer.max_retries) ?? DEFAULT_MAX_RETRIES,
      deadLetterQueue: optionalText(consumer.dead_letter_queue),
      retryDelaySeconds: optionalNumber(consumer.retry_delay) ?? 0,
    })),
    assets: assets && {
      directory: text(assets.directory, "assets.directory"),
      binding: optionalText(assets.binding),
      spa: assets.not_found_handling === "single-page-application",
      runWorkerFirst: Array.isArray(assets.run_worker_first) ? assets.run_worker_first.map(String) : [],
    },
    r2Buckets: tables(toml.r2_buckets, "r2_buckets").map((bucket) => ({
      binding: text(bucket.binding, "r2_buckets.binding"),
      bucketName: text(bucket.bucket_name, "r2_buckets.bucket_name"),
    })),
    rateLimits: tables(toml.ratelimits, "ratelimits").map((limit) => {
      const simple = table(limit.simple, "ratelimits.simple");
      return {
        binding: text(limit.name, "ratelimits.name"),
        limit: optionalNumber(simple.limit) ?? 0,
        periodSeconds: optionalNumber(simple.period) ?? 60,
      };
    }),
    crons: Array.isArray(triggers.crons) ? triggers.crons.map(String) : [],
  };
}

function table(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`wrangler.toml: [${name}] is not a table`);
  }
  return value as Record<string, unknown>;
}

function tables(value: unknown, name: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`wrangler.toml: [[${name}]] is not an array of tables`);
  return value.map((entry) => table(entry, name));
}

function text(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`wrangler.toml: ${name} must be a string`);
  return value;
}

function optionalText(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function optionalNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
