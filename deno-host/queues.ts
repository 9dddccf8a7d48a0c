/**
 * Cloudflare Queues, durable in a SQLite file of their own: producers (`send`, `sendBatch`, delays)
 * and consumers with wrangler.toml's semantics (max_batch_size, max_batch_timeout, max_retries,
 * dead_letter_queue, retry delays, explicit and implicit ack).
 *
 * The queue file is separate from the store on purpose: the ingest path queues a batch exactly
 * when the store cannot take it (locked, full, failing), so the queue must not share its fate.
 */
import { randomUUID } from "node:crypto";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { deserialize, serialize } from "node:v8";
import type {
  Message,
  MessageBatch,
  MessageSendRequest,
  Queue,
  QueueContentType,
  QueueRetryOptions,
} from "@cloudflare/workers-types/index.ts";
import type { QueueConsumerConfig } from "./wrangler-config.ts";

/** Cloudflare Queues' limits (developers.cloudflare.com/queues/platform/limits). */
export const MAX_MESSAGE_BYTES = 128 * 1024;
export const MAX_BATCH_MESSAGES = 100;
export const MAX_BATCH_BYTES = 256 * 1024;
const MAX_DELAY_SECONDS = 24 * 60 * 60;
/** A consumer that has not finished within this time gets its batch delivered again (a Worker's wall limit). */
const LEASE_MS = 15 * 60 * 1000;
const POLL_MS = 50;

export type DeliverBatch = (batch: MessageBatch<unknown>) => Promise<void>;

interface StoredMessage {
  seq: number;
  id: string;
  content_type: QueueContentType;
  body: Uint8Array;
  attempts: number;
  sent_at: number;
}

interface Outcome {
  kind: "ack" | "retry";
  delaySeconds?: number;
}

export class SqliteQueues {
  readonly #db: DatabaseSync;
  readonly #consumers: Map<string, QueueConsumerConfig>;
  readonly #busy = new Set<string>();
  readonly #insert: StatementSync;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #deliver: DeliverBatch | null = null;
  #running: Promise<void>[] = [];

  constructor(path: string, consumers: readonly QueueConsumerConfig[]) {
    this.#db = new DatabaseSync(path);
    this.#db.exec("PRAGMA busy_timeout = 5000");
    this.#db.exec("PRAGMA journal_mode = wal");
    this.#db.exec(`CREATE TABLE IF NOT EXISTS queue_messages (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      queue TEXT NOT NULL,
      content_type TEXT NOT NULL,
      body BLOB NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      sent_at INTEGER NOT NULL,
      visible_at INTEGER NOT NULL,
      leased_until INTEGER
    );
    CREATE INDEX IF NOT EXISTS queue_messages_ready ON queue_messages (queue, visible_at);`);
    // Batches in flight when the last process stopped are delivered again.
    this.#db.exec("UPDATE queue_messages SET leased_until = NULL");
    this.#insert = this.#db.prepare(
      "INSERT INTO queue_messages (id, queue, content_type, body, sent_at, visible_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#consumers = new Map(consumers.map((consumer) => [consumer.queue, consumer]));
  }

  /** The Queue binding that sends to `queue`. */
  producer(queue: string): Queue<unknown> {
    const metadata = () => ({ metadata: { metrics: this.#metrics(queue) } });
    const binding = {
      send: async (body: unknown, options: { contentType?: QueueContentType; delaySeconds?: number } = {}) => {
        this.#enqueue(queue, [encode({ body, ...options })], 0);
        return metadata();
      },
      sendBatch: async (messages: Iterable<MessageSendRequest<unknown>>, options: { delaySeconds?: number } = {}) => {
        const encoded = [...messages].map(encode);
        if (encoded.length > MAX_BATCH_MESSAGES) {
          throw new Error(`Queue sendBatch failed: a batch holds at most ${MAX_BATCH_MESSAGES} messages`);
        }
        const bytes = encoded.reduce((sum, message) => sum + message.body.byteLength, 0);
        if (bytes > MAX_BATCH_BYTES) {
          throw new Error(`Queue sendBatch failed: the batch is ${bytes} bytes, the limit is ${MAX_BATCH_BYTES}`);
        }
        this.#enqueue(queue, encoded, options.delaySeconds ?? 0);
        return metadata();
      },
      metrics: async () => this.#metrics(queue),
    };
    return binding as unknown as Queue<unknown>;
  }

  /** Starts delivering to the consumers named in wrangler.toml. */
  start(deliver: DeliverBatch): void {
    this.#deliver = deliver;
    this.#schedule();
  }

  /** Stops polling and waits for the batches in flight. */
  async stop(): Promise<void> {
    this.#deliver = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await Promise.allSettled(this.#running);
  }

  close(): void {
    this.#db.close();
  }

  /** Messages waiting in `queue` (delayed and in flight included). */
  depth(queue: string): number {
    const row = this.#db.prepare("SELECT count(*) AS n FROM queue_messages WHERE queue = ?").get(queue);
    return Number(row?.n ?? 0);
  }

  #schedule(): void {
    if (!this.#deliver) return;
    this.#timer = setTimeout(() => {
      this.#poll();
      this.#schedule();
    }, POLL_MS);
  }

  #poll(): void {
    const deliver = this.#deliver;
    if (!deliver) return;
    for (const consumer of this.#consumers.values()) {
      if (this.#busy.has(consumer.queue)) continue;
      const batch = this.#take(consumer, Date.now());
      if (batch.length === 0) continue;
      this.#busy.add(consumer.queue);
      const run = this.#run(consumer, batch, deliver).finally(() => {
        this.#busy.delete(consumer.queue);
        this.#running = this.#running.filter((p) => p !== run);
      });
      this.#running.push(run);
    }
  }

  /** A batch is due when it is full or its oldest ready message has waited max_batch_timeout. */
  #take(consumer: QueueConsumerConfig, now: number): StoredMessage[] {
    const ready = this.#db
      .prepare(
        `SELECT count(*) AS n, min(visible_at) AS oldest FROM queue_messages
         WHERE queue = ? AND visible_at <= ? AND leased_until IS NULL`,
      )
      .get(consumer.queue, now);
    const count = Number(ready?.n ?? 0);
    if (count === 0) return [];
    const waited = now - Number(ready?.oldest ?? now);
    if (count < consumer.maxBatchSize && waited < consumer.maxBatchTimeoutSeconds * 1000) return [];
    const rows = this.#db
      .prepare(
        `UPDATE queue_messages SET leased_until = ?, attempts = attempts + 1
         WHERE seq IN (SELECT seq FROM queue_messages WHERE queue = ? AND visible_at <= ? AND leased_until IS NULL
                       ORDER BY visible_at, seq LIMIT ?)
         RETURNING seq, id, content_type, body, attempts, sent_at`,
      )
      .all(now + LEASE_MS, consumer.queue, now, consumer.maxBatchSize) as unknown as StoredMessage[];
    return rows.sort((a, b) => a.seq - b.seq);
  }

  async #run(consumer: QueueConsumerConfig, stored: StoredMessage[], deliver: DeliverBatch): Promise<void> {
    const outcomes = new Map<string, Outcome>();
    let all: Outcome | null = null;
    const messages = stored.map(
      (row): Message<unknown> => ({
        id: row.id,
        timestamp: new Date(row.sent_at),
        body: decode(row.content_type, row.body),
        attempts: row.attempts,
        ack: () => {
          if (!outcomes.has(row.id)) outcomes.set(row.id, { kind: "ack" });
        },
        retry: (options?: QueueRetryOptions) => {
          if (!outcomes.has(row.id)) outcomes.set(row.id, { kind: "retry", ...options });
        },
      }),
    );
    const batch: MessageBatch<unknown> = {
      queue: consumer.queue,
      messages,
      metadata: { metrics: this.#metrics(consumer.queue) },
      ackAll: () => {
        all ??= { kind: "ack" };
      },
      retryAll: (options?: QueueRetryOptions) => {
        all ??= { kind: "retry", ...options };
      },
    };
    let failed: unknown = null;
    try {
      await deliver(batch);
    } catch (error) {
      failed = error;
      console.error(`queue ${consumer.queue}: the consumer threw, retrying its batch: ${(error as Error).message}`);
    }
    // An explicit ack/retry wins; otherwise the whole batch is acked when the consumer returned
    // and retried when it threw, as Cloudflare does.
    for (const row of stored) {
      const outcome = outcomes.get(row.id) ?? all ?? { kind: failed === null ? "ack" : "retry" };
      if (outcome.kind === "ack") this.#db.prepare("DELETE FROM queue_messages WHERE seq = ?").run(row.seq);
      else this.#retry(consumer, row, outcome.delaySeconds ?? consumer.retryDelaySeconds);
    }
  }

  #retry(consumer: QueueConsumerConfig, row: StoredMessage, delaySeconds: number): void {
    if (row.attempts <= consumer.maxRetries) {
      this.#db
        .prepare("UPDATE queue_messages SET leased_until = NULL, visible_at = ? WHERE seq = ?")
        .run(Date.now() + clampDelay(delaySeconds) * 1000, row.seq);
      return;
    }
    if (consumer.deadLetterQueue === null) {
      console.error(
        `queue ${consumer.queue}: message ${row.id} failed ${row.attempts} times and has no dead-letter queue; dropped`,
      );
      this.#db.prepare("DELETE FROM queue_messages WHERE seq = ?").run(row.seq);
      return;
    }
    // Moved, not copied: the message starts over in the dead-letter queue.
    this.#db
      .prepare("UPDATE queue_messages SET queue = ?, attempts = 0, leased_until = NULL, visible_at = ? WHERE seq = ?")
      .run(consumer.deadLetterQueue, Date.now(), row.seq);
  }

  #enqueue(queue: string, messages: EncodedMessage[], batchDelaySeconds: number): void {
    const now = Date.now();
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const message of messages) {
        const delay = clampDelay(message.delaySeconds ?? batchDelaySeconds);
        this.#insert.run(randomUUID(), queue, message.contentType, message.body, now, now + delay * 1000);
      }
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  #metrics(queue: string) {
    const row = this.#db
      .prepare(
        "SELECT count(*) AS n, coalesce(sum(length(body)), 0) AS bytes, min(sent_at) AS oldest FROM queue_messages WHERE queue = ?",
      )
      .get(queue);
    const oldest = row?.oldest;
    return {
      backlogCount: Number(row?.n ?? 0),
      backlogBytes: Number(row?.bytes ?? 0),
      ...(typeof oldest === "number" ? { oldestMessageTimestamp: new Date(oldest) } : {}),
    };
  }
}

interface EncodedMessage {
  contentType: QueueContentType;
  body: Uint8Array;
  delaySeconds?: number;
}

/** Bodies are kept as Cloudflare sends them: structured clone (`v8`, the default), JSON, text or bytes. */
function encode(request: MessageSendRequest<unknown>): EncodedMessage {
  const contentType = request.contentType ?? "v8";
  let body: Uint8Array;
  switch (contentType) {
    case "json":
      body = new TextEncoder().encode(JSON.stringify(request.body));
      break;
    case "text":
      if (typeof request.body !== "string") throw new TypeError("Queue send: a 'text' message body must be a string");
      body = new TextEncoder().encode(request.body);
      break;
    case "bytes":
      if (!(request.body instanceof ArrayBuffer) && !ArrayBuffer.isView(request.body)) {
        throw new TypeError("Queue send: a 'bytes' message body must be an ArrayBuffer or a view of one");
      }
      body = new Uint8Array(
        ArrayBuffer.isView(request.body)
          ? request.body.buffer.slice(request.body.byteOffset, request.body.byteOffset + request.body.byteLength)
          : request.body,
      );
      break;
    case "v8":
      body = new Uint8Array(serialize(request.body));
      break;
    default:
      throw new TypeError(`Queue send: unknown contentType '${String(contentType)}'`);
  }
  if (body.byteLength > MAX_MESSAGE_BYTES) {
    throw new Error(`Queue send failed: the message is ${body.byteLength} bytes, the limit is ${MAX_MESSAGE_BYTES}`);
  }
  return { contentType, body, ...(request.delaySeconds === undefined ? {} : { delaySeconds: request.delaySeconds }) };
}

function decode(contentType: QueueContentType, body: Uint8Array): unknown {
  switch (contentType) {
    case "json":
      return JSON.parse(new TextDecoder().decode(body));
    case "text":
      return new TextDecoder().decode(body);
    case "bytes":
      return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
    default:
      return deserialize(body);
  }
}

function clampDelay(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) return 0;
  return Math.min(seconds, MAX_DELAY_SECONDS);
}
