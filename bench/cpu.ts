/**
 * CPU time of one ingest batch in the Worker, against the Workers CPU limits. Runs the real ingest
 * code in this process: body read and JSON decode, agent-token check, the body hash, normalisation,
 * detection with the shipped rule set (rules/, as bundled for deploys), building the D1 statements
 * and serialising them as the binding sends them, and the JSON answer. D1 is a null D1 (bench/null-d1.ts):
 * executing the SQL happens in the D1 service and is not the Worker's CPU time.
 *
 * CPU time is process.cpuUsage() (user + system) around each batch, after warm-up. Each case is
 * also timed stage by stage, and against a baseline taken in the same run: JSON.parse of the same body.
 */

import { finishDetection, matchBatch } from "../worker/alerts/detect-batch.ts";
import { DEFAULT_DEDUP_WINDOW_SECONDS, type DetectionSettings } from "../worker/alerts/settings.ts";
import { signAgentToken, verifyAgentToken } from "../worker/auth/tokens.ts";
import type { RuleSet } from "../worker/detect/types.ts";
import { parseRecords, readBody, sha256Hex } from "../worker/ingest/decode.ts";
import { ingestRecords } from "../worker/ingest/ingest.ts";
import { prepareBatch } from "../worker/ingest/prepare.ts";
import { shippedRuleSet } from "../worker/rules/active-rule-set.ts";
import { loadRuleBundle } from "../worker/rules/bundled.ts";
import { openStore } from "../worker/store/handle.ts";
import { writeIngestBatch } from "../worker/store/ingest-write.ts";
import { type BenchConfig, percentile, progress, round } from "./measure.ts";
import { createMixGenerator, type EventMix } from "./mixed-events.ts";
import { nullD1 } from "./null-d1.ts";

const BATCH_SIZES = [100, 1000, 5000];
const MIXES: EventMix[] = ["benign", "attack"];
/** Distinct bodies per case, sent in turn. */
const POOL = 6;
/** Measured batches per case at BENCH_BATCHES=20, for 1,000-event batches; scaled inversely with the size. */
const BATCHES_PER_CONFIG_BATCH = 5;
const WARMUP_SHARE = 4;
const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);
const SECRET = "bench-secret-bench-secret-bench-secret";
const DEDUP_WINDOW_MS = DEFAULT_DEDUP_WINDOW_SECONDS * 1000;

/** Workers CPU limits per invocation (developers.cloudflare.com/workers/platform/limits/). */
const LIMITS_MS = { free: 10, paid_default: 30_000, paid_max: 300_000 };

const encoder = new TextEncoder();

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function bodies(mix: EventMix, size: number): Uint8Array<ArrayBuffer>[] {
  const generator = createMixGenerator(mix);
  return Array.from({ length: POOL }, (_, i) =>
    encoder.encode(JSON.stringify({ batch_id: `cpu-${mix}-${size}-${i}`, events: generator.take(size) })),
  );
}

function bodyStream(body: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  return new Response(body).body as ReadableStream<Uint8Array>;
}

const NO_QUEUE = {
  send: async () => {
    throw new Error("the null D1 never fails, so nothing is queued");
  },
  sendBatch: async () => {
    throw new Error("the null D1 never fails, so nothing is queued");
  },
} as unknown as Queue<unknown>;

interface Context {
  ruleSet: RuleSet;
  token: string;
}

/** One ingest request through the real code, as routes/ingest.ts runs it; returns the bytes sent to D1. */
async function ingestOnce(body: Uint8Array<ArrayBuffer>, context: Context): Promise<number> {
  const agent = await verifyAgentToken(SECRET, context.token);
  if (!agent.ok) throw new Error(`agent token refused: ${agent.reason}`);
  const text = await readBody(bodyStream(body), null);
  const decoded = parseRecords(text, false, null);
  const db = nullD1();
  const settings: DetectionSettings = {
    loadRuleSet: async () => context.ruleSet,
    dedupWindowMs: DEDUP_WINDOW_MS,
    notify: async () => {},
  };
  const answer = await ingestRecords(
    openStore(db.d1),
    NO_QUEUE,
    { records: decoded.records, batchId: decoded.batchId, text, tokenId: agent.claims.jti, receivedAt: RECEIVED_AT },
    settings,
  );
  if (answer.status !== "stored" || answer.rejected.length > 0) {
    throw new Error(`batch ${answer.batch_id}: ${answer.status}, ${answer.rejected.length} rejected`);
  }
  const response = new Response(JSON.stringify(answer), { headers: { "content-type": "application/json" } });
  await response.arrayBuffer();
  return db.sentBytes();
}

const STAGES = ["auth", "decode", "hash", "normalise", "detect", "statements", "respond"] as const;
type Stage = (typeof STAGES)[number];

/** The same work split at stage boundaries (storeBatch's steps inlined), each stage's CPU time. */
async function stagesOnce(
  body: Uint8Array<ArrayBuffer>,
  context: Context,
): Promise<{ times: Record<Stage, number>; alerts: number }> {
  const times = {} as Record<Stage, number>;
  let mark = process.cpuUsage();
  const lap = (stage: Stage) => {
    times[stage] = cpuMs(mark);
    mark = process.cpuUsage();
  };
  const agent = await verifyAgentToken(SECRET, context.token);
  if (!agent.ok) throw new Error("agent token refused");
  lap("auth");
  const text = await readBody(bodyStream(body), null);
  const decoded = parseRecords(text, false, null);
  lap("decode");
  const bodyHash = await sha256Hex(text);
  lap("hash");
  const prepared = prepareBatch(decoded.records, RECEIVED_AT);
  lap("normalise");
  const matched = matchBatch(context.ruleSet, decoded.batchId ?? "none", prepared.events, []);
  const detection = await finishDetection(matched, {}, DEDUP_WINDOW_MS);
  lap("detect");
  const db = nullD1();
  const meta = {
    batchId: decoded.batchId ?? "none",
    tokenId: agent.claims.jti,
    bodyHash,
    receivedAt: RECEIVED_AT,
    expected: prepared.events.length,
    rejected: prepared.rejected,
    importId: null,
  };
  await writeIngestBatch(openStore(db.d1), meta, prepared.events, detection, {
    dedupWindowMs: DEDUP_WINDOW_MS,
    now: RECEIVED_AT,
  });
  lap("statements");
  const answer = { batch_id: meta.batchId, accepted: prepared.events.length, rejected: prepared.rejected };
  await new Response(
    JSON.stringify({ ...answer, status: "stored", alerts: detection.candidates.length }),
  ).arrayBuffer();
  lap("respond");
  return { times, alerts: detection.candidates.length };
}

function jsonParseOnce(body: Uint8Array): void {
  JSON.parse(new TextDecoder().decode(body));
}

async function timed(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.cpuUsage();
  await run();
  return cpuMs(start);
}

function summary(values: number[]) {
  return { p50: round(percentile(values, 50), 3), p95: round(percentile(values, 95), 3) };
}

async function measureCase(mix: EventMix, size: number, config: BenchConfig, context: Context) {
  const pool = bodies(mix, size);
  const measured = Math.max(3, Math.round((config.batches * BATCHES_PER_CONFIG_BATCH * 1000) / size));
  const warmup = Math.max(2, Math.ceil(measured / WARMUP_SHARE));
  const body = (i: number) => pool[i % POOL] as Uint8Array<ArrayBuffer>;
  progress(`cpu: ${mix} x ${size}: ${warmup} warm-up + ${measured} measured batches`);

  let bytesToD1 = 0;
  for (let i = 0; i < warmup; i++) await ingestOnce(body(i), context);
  const totals: number[] = [];
  for (let i = 0; i < measured; i++) {
    totals.push(
      await timed(async () => {
        bytesToD1 = await ingestOnce(body(i), context);
      }),
    );
  }
  const stageTimes: Record<Stage, number[]> = Object.fromEntries(STAGES.map((s) => [s, []])) as unknown as Record<
    Stage,
    number[]
  >;
  for (let i = 0; i < warmup; i++) await stagesOnce(body(i), context);
  let candidates = 0;
  for (let i = 0; i < measured; i++) {
    const { times, alerts: made } = await stagesOnce(body(i), context);
    candidates = made;
    for (const stage of STAGES) stageTimes[stage].push(times[stage]);
  }
  const parses: number[] = [];
  for (let i = 0; i < warmup; i++) jsonParseOnce(body(i));
  for (let i = 0; i < measured; i++) parses.push(await timed(() => jsonParseOnce(body(i))));

  const total = summary(totals);
  const parse = summary(parses);
  return {
    mix,
    batch_size: size,
    batches_measured: measured,
    body_bytes: body(0).byteLength,
    alert_candidates: candidates,
    bytes_to_d1: bytesToD1,
    cpu_ms: total,
    us_per_event_p50: round((total.p50 * 1000) / size, 2),
    stages_p50_ms: Object.fromEntries(STAGES.map((s) => [s, round(percentile(stageTimes[s], 50), 3)])),
    json_parse_baseline_ms: parse,
    ratio_to_json_parse: round(total.p50 / parse.p50, 1),
    share_of_free_limit_p95: round(total.p95 / LIMITS_MS.free, 2),
  };
}

type CaseResult = Awaited<ReturnType<typeof measureCase>>;

/** Batch sizes tried against the Free plan's 10 ms, to find the largest whose p95 fits. */
const FREE_GRID = [25, 50, 75, 100, 150, 200, 250, 300, 400];
/** Measured batches per grid size at BENCH_BATCHES=20. */
const GRID_BATCHES_PER_CONFIG_BATCH = 5;

async function freeLimitGrid(mix: EventMix, config: BenchConfig, context: Context) {
  const generator = createMixGenerator(mix);
  const measured = Math.max(10, config.batches * GRID_BATCHES_PER_CONFIG_BATCH);
  const grid: { batch_size: number; p50: number; p95: number }[] = [];
  for (const size of FREE_GRID) {
    const pool = Array.from({ length: POOL }, (_, i) =>
      encoder.encode(JSON.stringify({ batch_id: `grid-${mix}-${size}-${i}`, events: generator.take(size) })),
    );
    for (let i = 0; i < measured / WARMUP_SHARE; i++)
      await ingestOnce(pool[i % POOL] as Uint8Array<ArrayBuffer>, context);
    const times: number[] = [];
    for (let i = 0; i < measured; i++) {
      times.push(await timed(() => ingestOnce(pool[i % POOL] as Uint8Array<ArrayBuffer>, context)));
    }
    grid.push({ batch_size: size, ...summary(times) });
  }
  const fitting = grid.filter((point) => point.p95 <= LIMITS_MS.free);
  return {
    grid,
    largest_batch_p95_within_free_limit: fitting.length > 0 ? Math.max(...fitting.map((p) => p.batch_size)) : 0,
  };
}

const NOTES =
  "cpu_ms = process.cpuUsage() user+system around one ingest request's Worker-side work, p50/p95 over the measured " +
  "batches after warm-up: agent JWT check, body read + UTF-8 decode + JSON.parse, SHA-256 of the body, " +
  "normalisation (prepareBatch), detection with the shipped rule set (matchBatch + finishDetection: Sigma, simple " +
  "and correlation rules, exceptions, dedup keys), the D1 statements (batch-write.ts, alert and correlation " +
  "statements) serialised to JSON as the binding ships them, and the JSON answer. D1 is a null D1: it executes no " +
  "SQL (that runs in the D1 service, outside the Worker's CPU budget), reads return no rows (new batch, no " +
  "exceptions, no stored correlation state), so the alert notices built from D1's RETURNING rows are not included. " +
  "Not included: Hono routing and the agent-token revocation lookup (one D1 read). stages_p50_ms splits the same " +
  "work at stage boundaries (their sum is close to cpu_ms.p50). ratio_to_json_parse = cpu_ms.p50 / CPU of " +
  "JSON.parse of the same body in this run. Node's V8 on this machine, not workerd on Cloudflare's hardware: " +
  "treat the limits comparison as an estimate with a margin. grid: p50/p95 of the whole request at small batch " +
  "sizes; largest_batch_p95_within_free_limit is the largest of them whose p95 is at most 10 ms. rule_set_compile_ms is paid once per isolate and " +
  "rule-set version, by the first batch.";

export async function cpuBench(config: BenchConfig) {
  const started = process.cpuUsage();
  const ruleSet = await shippedRuleSet();
  const compileMs = cpuMs(started);
  const context: Context = { ruleSet, token: await signAgentToken(SECRET, "bench-token", "bench") };

  const cases: CaseResult[] = [];
  for (const mix of MIXES) for (const size of BATCH_SIZES) cases.push(await measureCase(mix, size, config, context));

  const perMix: Record<string, unknown> = {};
  for (const mix of MIXES) {
    const mine = cases.filter((c) => c.mix === mix);
    const smallest = mine[0] as CaseResult;
    const largest = mine[mine.length - 1] as CaseResult;
    progress(`cpu: ${mix}: batch sizes against the Free plan's ${LIMITS_MS.free} ms`);
    perMix[mix] = {
      // 1.0 = linear: the same CPU per event at 5,000 events as at 100.
      us_per_event_largest_to_smallest: round(largest.us_per_event_p50 / smallest.us_per_event_p50, 2),
      ...(await freeLimitGrid(mix, config, context)),
    };
  }
  return {
    bench: "cpu",
    rules: { sources: (await loadRuleBundle()).rules.sources.length, compile_errors: ruleSet.errors.length },
    rule_set_compile_ms: round(compileMs, 1),
    limits_ms: LIMITS_MS,
    cases,
    per_mix: perMix,
    notes: NOTES,
  };
}
