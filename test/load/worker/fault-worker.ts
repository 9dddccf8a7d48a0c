/**
 * The load test's entry: the production Worker (worker/index.ts, unchanged) with two bindings seen
 * through the harness, the way a test wraps a binding (test/support/workers/failing-d1.ts):
 * - DB: before each D1 batch (every ingest write is one), the harness says whether it fails, and
 *   how: refused before it runs, or run and committed with the answer lost on the way back. It is
 *   told which batches the write is for: the agent's `x-load-batch` header, or the queued parts.
 * - INGEST_QUEUE and the queue handler: the harness is told of every send and of which delivered
 *   messages were acked or retried, so it can tell when the local queues are empty. Local queues live
 *   in memory and are lost on a restart, unlike Cloudflare's; the harness restarts only when empty.
 * Both talk to the harness through LOAD_CONTROL, a service binding to a function in the Node process.
 */
import type { Env } from "../../../worker/env.ts";
import production from "../../../worker/index.ts";

const worker: ExportedHandler<Env> = production;

interface LoadEnv extends Env {
  LOAD_CONTROL: Fetcher;
}

async function report(env: LoadEnv, path: string, body: unknown): Promise<unknown> {
  const response = await env.LOAD_CONTROL.fetch(`http://load-control${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`load control ${path} answered ${response.status}`);
  return response.json();
}

/** `batchIds`: the batches the invocation works on (the agent's header, or the delivered parts). */
function faultyDb(env: LoadEnv, batchIds: string[]): D1Database {
  const db = env.DB;
  return new Proxy(db, {
    get(target, property) {
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const { fail } = (await report(env, "/d1-batch", { batchIds })) as {
            fail: "before" | "after" | null;
          };
          if (fail === "before") throw new Error("D1_ERROR: load test: injected write failure");
          const results = await target.batch(statements);
          if (fail === "after") throw new Error("D1_ERROR: load test: write committed, answer lost");
          return results;
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Tells the harness about each send that succeeded (for its counts and its quiet-period clock). */
function countedQueue(env: LoadEnv): Queue<unknown> {
  const queue = env.INGEST_QUEUE;
  return new Proxy(queue, {
    get(target, property) {
      if (property === "send") {
        return async (body: unknown, options?: QueueSendOptions) => {
          await target.send(body, options);
          await report(env, "/enqueued", { messages: 1 });
        };
      }
      if (property === "sendBatch") {
        return async (messages: Iterable<MessageSendRequest<unknown>>, options?: QueueSendBatchOptions) => {
          const list = [...messages];
          const result = await target.sendBatch(list, options);
          await report(env, "/enqueued", { messages: list.length });
          return result;
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function loadEnv(env: LoadEnv, batchIds: string[]): LoadEnv {
  return { ...env, DB: faultyDb(env, batchIds), INGEST_QUEUE: countedQueue(env) };
}

function partBatchId(body: unknown): string[] {
  const batchId = (body as { batchId?: unknown } | null)?.batchId;
  return typeof batchId === "string" ? [batchId] : [];
}

/** The batch as the handler sees it, recording which messages it acked (explicitly or by returning). */
function watchedBatch(batch: MessageBatch<unknown>) {
  const outcome = new Map<string, "ack" | "retry">();
  const messages = batch.messages.map((message) => ({
    id: message.id,
    timestamp: message.timestamp,
    body: message.body,
    attempts: message.attempts,
    ack() {
      outcome.set(message.id, "ack");
      message.ack();
    },
    retry(options?: QueueRetryOptions) {
      outcome.set(message.id, "retry");
      message.retry(options);
    },
  }));
  const watched: MessageBatch<unknown> = {
    queue: batch.queue,
    metadata: batch.metadata,
    messages: messages as unknown as readonly Message<unknown>[],
    ackAll() {
      for (const message of batch.messages) if (!outcome.has(message.id)) outcome.set(message.id, "ack");
      batch.ackAll();
    },
    retryAll(options?: QueueRetryOptions) {
      for (const message of batch.messages) if (!outcome.has(message.id)) outcome.set(message.id, "retry");
      batch.retryAll(options);
    },
  };
  const tally = (handlerSucceeded: boolean) => {
    const acked: string[] = [];
    const retried: string[] = [];
    for (const message of batch.messages) {
      // A message the handler left alone is acked if the handler returned, retried if it threw.
      const result = outcome.get(message.id) ?? (handlerSucceeded ? "ack" : "retry");
      (result === "ack" ? acked : retried).push(message.id);
    }
    return { queue: batch.queue, acked, retried };
  };
  return { watched, tally };
}

export default {
  ...worker,
  fetch(request, env, ctx) {
    if (worker.fetch === undefined) throw new Error("the Worker has no fetch handler");
    const batchId = request.headers.get("x-load-batch");
    return worker.fetch(request, loadEnv(env, batchId === null ? [] : [batchId]), ctx);
  },
  async queue(batch, env, ctx) {
    const { watched, tally } = watchedBatch(batch);
    try {
      const batchIds = batch.messages.flatMap((message) => partBatchId(message.body));
      await worker.queue?.(watched, loadEnv(env, batchIds), ctx);
    } catch (error) {
      await report(env, "/consumed", tally(false));
      throw error;
    }
    await report(env, "/consumed", tally(true));
  },
} satisfies ExportedHandler<LoadEnv>;
