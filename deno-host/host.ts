/**
 * The Worker on a plain server: builds the Env bindings wrangler.toml declares over local resources
 * (a SQLite file for D1, a second one for the Queues, a directory for R2, memory for rate limits,
 * dist/ui for the assets) and hands requests, queue batches and cron ticks to the SAME
 * worker/index.ts default export that Cloudflare runs.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type {
  ExecutionContext,
  ForwardableEmailMessage,
  MessageBatch,
  ScheduledController,
} from "@cloudflare/workers-types/index.ts";
import { isNavigation, runWorkerFirst, staticAssets } from "./assets.ts";
import { parseCron, startCron } from "./cron.ts";
import { SqliteD1 } from "./d1.ts";
import { applyMigrations } from "./migrations.ts";
import { SqliteQueues } from "./queues.ts";
import { directoryBucket } from "./r2.ts";
import { rateLimitBindings } from "./rate-limits.ts";
import type { WranglerConfig } from "./wrangler-config.ts";

/** What the Deno host needs of the Worker module: its default export's handlers. */
export interface WorkerHandlers {
  fetch(request: Request, env: unknown, ctx: ExecutionContext): Response | Promise<Response>;
  queue?(batch: MessageBatch<unknown>, env: unknown, ctx: ExecutionContext): void | Promise<void>;
  scheduled?(controller: ScheduledController, env: unknown, ctx: ExecutionContext): void | Promise<void>;
  email?(message: ForwardableEmailMessage, env: unknown, ctx: ExecutionContext): void | Promise<void>;
}

export interface HostOptions {
  /** The directory holding wrangler.toml: assets and migrations are found from here. */
  projectDir: string;
  config: WranglerConfig;
  worker: WorkerHandlers;
  /** The D1 store; the queues live beside it in `<name>.queues.sqlite`, R2 buckets in `<dir>/r2/`. */
  sqlitePath: string;
  /** [vars], .dev.vars and the environment, already merged. */
  vars: Record<string, string>;
}

export interface Host {
  /** `clientAddress` is the peer's address from the socket: it replaces any CF-Connecting-IP the client sent. */
  fetch(request: Request, clientAddress?: string): Promise<Response>;
  env: Record<string, unknown>;
  migrationsApplied: string[];
  stop(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const { config, worker, projectDir } = options;
  const sqlitePath = resolve(options.sqlitePath);
  mkdirSync(dirname(sqlitePath), { recursive: true });
  const dataDir = dirname(sqlitePath);

  const store = new SqliteD1(sqlitePath);
  const migrationsApplied = config.d1 ? await applyMigrations(store, join(projectDir, config.d1.migrationsDir)) : [];
  const queues = new SqliteQueues(sqlitePath.replace(/(\.sqlite3?|\.db)?$/, ".queues.sqlite"), config.queueConsumers);
  const assets = config.assets ? staticAssets(join(projectDir, config.assets.directory), config.assets.spa) : null;
  const workerFirst = runWorkerFirst(config.assets?.runWorkerFirst ?? []);

  const env: Record<string, unknown> = {
    ...options.vars,
    ...rateLimitBindings(config.rateLimits),
    ...Object.fromEntries(config.queueProducers.map((p) => [p.binding, queues.producer(p.queue)])),
    ...Object.fromEntries(
      config.r2Buckets.map((bucket) => [bucket.binding, directoryBucket(join(dataDir, "r2", bucket.bucketName))]),
    ),
  };
  if (config.d1) env[config.d1.binding] = store.binding();
  if (assets && config.assets?.binding) env[config.assets.binding] = assets.binding();

  const pending = new Set<Promise<unknown>>();
  const context = (): ExecutionContext => {
    const ctx = {
      waitUntil(promise: Promise<unknown>) {
        const tracked = Promise.resolve(promise)
          .catch((error: unknown) => console.error(`waitUntil: ${(error as Error).stack ?? error}`))
          .finally(() => pending.delete(tracked));
        pending.add(tracked);
      },
      passThroughOnException() {},
      props: {},
    };
    return ctx as unknown as ExecutionContext;
  };

  const queueHandler = worker.queue;
  if (queueHandler) queues.start((batch) => Promise.resolve(queueHandler.call(worker, batch, env, context())));

  const scheduledHandler = worker.scheduled;
  const stopCron = scheduledHandler
    ? startCron(config.crons.map(parseCron), async (schedule, scheduledTime) => {
        const controller = { scheduledTime, cron: schedule.expression, noRetry() {} };
        await scheduledHandler.call(worker, controller as ScheduledController, env, context());
      })
    : () => {};

  const fetch = async (received: Request, clientAddress = "127.0.0.1"): Promise<Response> => {
    // Cloudflare sets CF-Connecting-IP itself and drops the client's; the per-IP limits and the
    // audit log rely on that, so the host does the same.
    const headers = new Headers(received.headers);
    headers.set("cf-connecting-ip", clientAddress);
    const request = new Request(received, { headers });
    const { pathname } = new URL(request.url);
    if (assets && !workerFirst(pathname)) {
      if (assets.find(pathname) || (config.assets?.spa && isNavigation(request))) return assets.serve(request);
    }
    try {
      return await worker.fetch(request, env, context());
    } catch (error) {
      console.error(`fetch ${request.method} ${pathname}: ${(error as Error).stack ?? error}`);
      return new Response("Internal Server Error", { status: 500 });
    }
  };

  return {
    fetch,
    env,
    migrationsApplied,
    async stop() {
      stopCron();
      await queues.stop();
      await Promise.allSettled([...pending]);
      queues.close();
      store.close();
    },
  };
}
