/**
 * Ingest throughput: Sysmon batches posted to the real Worker (wrangler dev: workerd + local D1),
 * against the same rows inserted straight into SQLite in this process. Every batch is checked
 * and the stored total is compared with what was sent, so a fast but lossy path cannot pass.
 */
import { prepareBatch } from "../worker/ingest/prepare.ts";
import { type LiveSiem, startLiveSiem, storedEventCount } from "./live-siem.ts";
import { type BenchConfig, percentile, perSecond, progress, round } from "./measure.ts";
import { openSqliteBaseline } from "./sqlite-baseline.ts";
import { createSysmonGenerator } from "./sysmon-events.ts";

const BATCH_SIZE = 1000;
const WARMUP_BATCHES = 2;
/** Reported as `concurrent_2`. */
const CONCURRENT_SENDERS = 2;
const REQUEST_TIMEOUT_MS = 120_000;
const FAR_FUTURE_MS = Date.UTC(2100, 0, 1);
const LOG_TAIL_CHARS = 6_000;

interface Batch {
  id: string;
  body: Uint8Array<ArrayBuffer>;
}

interface WorkerRun {
  events_per_s: number;
  mb_per_s: number;
  p50_ms: number;
  p95_ms: number;
}

const encoder = new TextEncoder();

function makeBatches(take: (count: number) => unknown[], label: string, count: number): Batch[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `bench-${label}-${String(i).padStart(4, "0")}`;
    return { id, body: encoder.encode(JSON.stringify({ batch_id: id, events: take(BATCH_SIZE) })) };
  });
}

/** Posts one batch and returns its latency; anything but a complete, stored batch is an error. */
async function postBatch(siem: LiveSiem, batch: Batch): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${siem.url}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${siem.agentToken}`, "content-type": "application/json" },
    body: batch.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) {
    throw new Error(`batch ${batch.id}: POST /api/v1/ingest answered ${response.status}: ${text.slice(0, 1000)}`);
  }
  const answer = JSON.parse(text) as { accepted?: unknown; rejected?: unknown[]; status?: unknown };
  if (answer.accepted !== BATCH_SIZE || (answer.rejected?.length ?? 0) !== 0 || answer.status !== "stored") {
    throw new Error(`batch ${batch.id}: expected ${BATCH_SIZE} accepted and stored, got ${text.slice(0, 1000)}`);
  }
  return elapsed;
}

async function sendBatches(siem: LiveSiem, batches: readonly Batch[], senders: number): Promise<WorkerRun> {
  const latencies: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as Batch;
      latencies.push(await postBatch(siem, batch));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: senders }, sender));
  const wallMs = performance.now() - started;
  const bytes = batches.reduce((sum, batch) => sum + batch.body.byteLength, 0);
  return {
    events_per_s: round(perSecond(batches.length * BATCH_SIZE, wallMs)),
    mb_per_s: round(perSecond(bytes / 1e6, wallMs), 2),
    p50_ms: round(percentile(latencies, 50), 1),
    p95_ms: round(percentile(latencies, 95), 1),
  };
}

async function measureWorker(warmup: Batch[], sequential: Batch[], concurrent: Batch[]) {
  progress("starting EdgeSIEM (wrangler dev)");
  const siem = await startLiveSiem();
  try {
    progress(`warming up with ${warmup.length} batches`);
    await sendBatches(siem, warmup, 1);
    progress(`posting ${sequential.length} batches of ${BATCH_SIZE} sequentially`);
    const seq = await sendBatches(siem, sequential, 1);
    progress(`posting ${concurrent.length} batches of ${BATCH_SIZE} from ${CONCURRENT_SENDERS} senders`);
    const conc = await sendBatches(siem, concurrent, CONCURRENT_SENDERS);

    const sent = (warmup.length + sequential.length + concurrent.length) * BATCH_SIZE;
    const stored = await storedEventCount(siem, 0, FAR_FUTURE_MS);
    if (stored !== sent) throw new Error(`sent ${sent} events but GET /api/v1/events/stats counts ${stored}`);
    progress(`verified: ${stored} events stored`);
    return { sequential: seq, concurrent_2: conc, events_stored: stored };
  } catch (error) {
    progress(`failed; the last of wrangler's output:\n${siem.logs().slice(-LOG_TAIL_CHARS)}`);
    throw error;
  } finally {
    progress("stopping EdgeSIEM");
    await siem.stop();
  }
}

const decoder = new TextDecoder();

/** The records exactly as the Worker sees them: parsed back from the request body. */
function recordsOf(batch: Batch): unknown[] {
  return (JSON.parse(decoder.decode(batch.body)) as { events: unknown[] }).events;
}

function prepared(batch: Batch, records: unknown[], receivedAt: number) {
  const result = prepareBatch(records, receivedAt);
  if (result.events.length !== BATCH_SIZE || result.rejected.length > 0) {
    throw new Error(
      `prepareBatch kept ${result.events.length} of ${BATCH_SIZE} records of ${batch.id}; first rejections: ${JSON.stringify(result.rejected.slice(0, 3))}`,
    );
  }
  return result.events;
}

async function measureSqlite(warmup: Batch[], measured: Batch[]) {
  progress(`SQLite baseline: inserting ${measured.length} batches with node:sqlite`);
  const db = await openSqliteBaseline();
  try {
    for (const batch of warmup) db.insertBatch(batch.id, Date.now(), prepared(batch, recordsOf(batch), Date.now()));
    let normaliseMs = 0;
    let insertMs = 0;
    for (const batch of measured) {
      const records = recordsOf(batch);
      const receivedAt = Date.now();
      const started = performance.now();
      const events = prepared(batch, records, receivedAt);
      normaliseMs += performance.now() - started;
      insertMs += db.insertBatch(batch.id, receivedAt, events);
    }
    const expected = (warmup.length + measured.length) * BATCH_SIZE;
    const stored = db.count();
    if (stored !== expected) throw new Error(`SQLite baseline stored ${stored} rows, expected ${expected}`);
    const events = measured.length * BATCH_SIZE;
    return {
      sqlite_baseline: { events_per_s: round(perSecond(events, insertMs)), ...db.settings() },
      normalise_only: { events_per_s: round(perSecond(events, normaliseMs)) },
    };
  } finally {
    await db.close();
  }
}

const NOTES =
  "ratio_worker_to_sqlite = sequential Worker events/s / sqlite_baseline events/s: the share of raw SQLite " +
  "insert speed that the whole ingest path keeps (1/ratio is its overhead factor). The Worker figure is end to " +
  "end: HTTP through wrangler dev into workerd, body read, JSON parsing, SHA-256 of the body for idempotency, " +
  "agent-token auth, the resend lookup, normalisation, and D1's own SQLite in workerd (json_each multi-row " +
  "inserts plus the batch, host and token rows in one D1 batch) - a local D1, not production D1 with its network " +
  "hop and replication. sqlite_baseline times only prepared INSERTs of the same already-normalised rows into the " +
  "same schema (migrations/*.sql), one transaction per batch; normalise_only is prepareBatch alone in Node. " +
  "mb_per_s counts uncompressed JSON request bodies, 1 MB = 10^6 bytes. Client, wrangler and workerd share this " +
  "machine's CPUs.";

export async function ingestBench(config: BenchConfig) {
  const generator = createSysmonGenerator();
  const take = (count: number) => generator.take(count);
  const warmup = makeBatches(take, "warmup", WARMUP_BATCHES);
  const sequential = makeBatches(take, "seq", config.batches);
  const concurrent = makeBatches(take, `conc${CONCURRENT_SENDERS}`, config.batches);
  const allBytes = [...warmup, ...sequential, ...concurrent].reduce((sum, b) => sum + b.body.byteLength, 0);
  const eventBytes = allBytes / ((warmup.length + sequential.length + concurrent.length) * BATCH_SIZE);
  progress(`generated ${warmup.length + 2 * config.batches} batches, ${round(eventBytes)} bytes per event`);

  const worker = await measureWorker(warmup, sequential, concurrent);
  const baseline = await measureSqlite(warmup, sequential);

  return {
    bench: "ingest",
    batch_size: BATCH_SIZE,
    batches: config.batches,
    event_bytes_avg: round(eventBytes),
    worker,
    ...baseline,
    ratio_worker_to_sqlite: round(worker.sequential.events_per_s / baseline.sqlite_baseline.events_per_s, 4),
    notes: NOTES,
  };
}
