/**
 * The load and fault test: N agents post batches to the local Worker while the harness injects D1
 * write failures (a flaky period and an outage long enough for parts to exhaust their retries and be
 * dead-lettered), restarts the Worker, and the agents lose answers, cut requests and resend. At the
 * end every acknowledged event must be stored exactly once or wait in a dead letter; after the dead
 * letters are replayed through the API, every one is stored exactly once and every alert counts
 * exactly its matching events.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentFaults, type AgentOutcome, type AgentTally, type IngestAnswer, runAgent } from "./agent.ts";
import { type D1Faults, FaultController, HEALTHY } from "./faults.ts";
import { createRng } from "./rng.ts";
import { startRuntime, type WorkerRuntime } from "./runtime.ts";
import { checkAlerts, checkEvents, readPendingDeadLetters, readStoredEvents } from "./verify.ts";
import { agentWorkload, type PlannedBatch, type WorkloadOptions } from "./workload.ts";

export interface LoadOptions extends WorkloadOptions {
  agents: number;
  /** How long the agents send new batches (longer if the fault schedule runs late). */
  seconds: number;
  seed: number;
  /** Share of batches whose writes D1 refuses until the agents are done: they end up dead letters. */
  poisonRate: number;
  /** D1 faults while flaky: from a tenth of the run on, except during the outage and restarts. */
  flaky: D1Faults;
  /** Seconds of D1 refusing every ingest write, starting at 55 % of the run. */
  outageSeconds: number;
  /** Worker restarts, spread over 20-50 % of the run. */
  restarts: number;
  agentFaults: AgentFaults;
  /** The ingest queue's max_retries for the run (wrangler.toml's is 5). */
  ingestMaxRetries: number;
  /** The ingest queue's first retry delay (INGEST_RETRY_BASE_SECONDS; 5 unless set). */
  retryBaseSeconds: number;
  log(line: string): void;
}

export interface LoadReport {
  ok: boolean;
  violations: string[];
  agents: number;
  batches: { sent: number; acknowledged: number; queued_202: number; refused: number; poisoned: number };
  events: { sent: number; acknowledged: number; rejected: number; stored: number };
  retries: {
    agent_resends: number;
    lost_answers: number;
    cut_requests: number;
    duplicate_sends: number;
    transient_answers: Record<string, number>;
    queue_retries: number;
  };
  d1_faults: { write_batches: number; refused: number; poisoned_refused: number; committed_answer_lost: number };
  dead_lettered: {
    parts: number;
    events: number;
    pending_parts_before_replay: number;
    pending_events_before_replay: number;
  };
  replayed: { parts: number; events: number };
  restarts: number;
  alerts: { rules_fired: number; alerts: number; alerted_events: number; correlation_alerts: number };
  /** Acknowledged events per second of sending (a queued batch is acknowledged before it is stored). */
  events_per_s: number;
  /** Events stored before the replay, per second from the first send until the queues were empty. */
  stored_events_per_s: number;
  send_seconds: number;
  total_seconds: number;
}

const DRAIN_TIMEOUT_MS = 120_000;
/** Agents resume this long before a restart, so it cuts off requests under way. */
const RESUME_BEFORE_RESTART_MS = 400;
const GIVE_UP_MS = 180_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

async function api<T>(url: string, path: string, init: { token?: string; body?: unknown }): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${url}${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * The rule set the bundled Worker runs: rules/ as bundled (no stored edits, no IP lists). Imported
 * late because the build (startRuntime) writes the rules bundle these modules read.
 */
async function workerRuleSet() {
  const { shippedRuleSet } = await import("../../worker/rules/active-rule-set.ts");
  return shippedRuleSet();
}

export async function runLoadTest(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const root = await mkdtemp(join(tmpdir(), "edgesiem-load-"));
  const adminPassword = `load-${options.seed}-admin-password`;
  let controller: FaultController | null = null;
  const workerLog: string[] = [];
  const control = (path: string, body: unknown) => {
    if (controller === null) throw new Error("load control used before the runtime started");
    return controller.handle(path, body);
  };
  let runtime: WorkerRuntime | null = null;
  try {
    runtime = await startRuntime({
      persistDir: join(root, "state"),
      bundleDir: join(root, "bundle"),
      port: await freePort(),
      ingestMaxRetries: options.ingestMaxRetries,
      vars: {
        JWT_SECRET: `load-test-jwt-secret-${options.seed}-0123456789abcdef`,
        ADMIN_PASSWORD: adminPassword,
        INGEST_RETRY_BASE_SECONDS: String(options.retryBaseSeconds),
      },
      control,
      workerLog,
    });
    const faults = new FaultController(createRng(options.seed ^ 0x5a5a), runtime.ingestQueue, runtime.deadLetterQueue);
    controller = faults;
    return await exercise(options, runtime, faults, adminPassword, started);
  } catch (error) {
    options.log(`the Worker's last log lines:\n${workerLog.slice(-40).join("\n")}`);
    throw error;
  } finally {
    await runtime?.stop();
    await rm(root, { recursive: true, force: true });
  }
}

async function exercise(
  options: LoadOptions,
  runtime: WorkerRuntime,
  faults: FaultController,
  adminPassword: string,
  started: number,
): Promise<LoadReport> {
  const { log } = options;
  const ruleSet = await workerRuleSet();
  const login = await api<{ token: string }>(runtime.url, "/api/v1/auth/login", {
    body: { username: "admin", password: adminPassword },
  });
  const tokens = await Promise.all(
    Array.from({ length: options.agents }, (_, i) =>
      api<{ token: string }>(runtime.url, "/api/v1/tokens", {
        token: login.token,
        body: { name: `load-agent-${i + 1}` },
      }),
    ),
  );

  const tally: AgentTally = {
    requests: 0,
    resends: 0,
    lostAnswers: 0,
    cuts: 0,
    duplicateSends: 0,
    transientAnswers: {},
  };
  let ackedEvents = 0;
  let queuedBatches = 0;
  let lastAck = 0;
  const onAck = (_batch: PlannedBatch, answer: IngestAnswer) => {
    ackedEvents += answer.accepted;
    if (answer.status === "queued") queuedBatches++;
    lastAck = performance.now();
  };

  let restarts = 0;
  let stopped = false;
  const drainQueues = async (why: string) => {
    // A request that met a D1 failure just before the switch enqueues within moments; let it.
    await sleep(1_000);
    await until(() => faults.queuesEmpty(), DRAIN_TIMEOUT_MS, `the ingest queues to empty (${why})`);
  };
  let released: (() => void) | null = null;
  let hold: Promise<void> | null = null;
  const restart = async () => {
    const before = faults.faults;
    // Local queues live in memory: restart only once they are empty (Cloudflare's are durable). The
    // agents hold their next requests meanwhile, so the one local consumer catches up, and nothing
    // feeds the queues; then they go on, and the restart cuts off the requests under way.
    faults.faults = HEALTHY;
    faults.poisonActive = false;
    hold = new Promise((go) => {
      released = go;
    });
    await drainQueues("before a restart");
    released?.();
    hold = null;
    await sleep(RESUME_BEFORE_RESTART_MS);
    log(`restart ${restarts + 1} at ${elapsed().toFixed(1)} s`);
    await runtime.restart();
    faults.forgetQueues();
    restarts++;
    faults.faults = before;
    faults.poisonActive = true;
  };
  const outage = async () => {
    if (options.outageSeconds <= 0) return;
    log(`D1 outage for ${options.outageSeconds} s from ${elapsed().toFixed(1)} s`);
    const refusedBefore = faults.counts.d1Refused;
    faults.faults = { refuse: 1, loseAnswer: 0 };
    await sleep(options.outageSeconds * 1000);
    faults.faults = options.flaky;
    log(
      `D1 outage over at ${elapsed().toFixed(1)} s (${faults.counts.d1Refused - refusedBefore} writes refused, ${faults.counts.deadLetterDeliveries} parts dead-lettered so far), flaky again`,
    );
  };
  const flaky = async () => {
    log(`D1 flaky from ${elapsed().toFixed(1)} s`);
    faults.faults = options.flaky;
  };
  const schedule = [
    { at: 0.1, run: flaky },
    ...Array.from({ length: options.restarts }, (_, i) => ({
      at: 0.2 + (0.3 * (i + 0.5)) / options.restarts,
      run: restart,
    })),
    { at: 0.55, run: outage },
  ].sort((a, b) => a.at - b.at);

  const sendStarted = performance.now();
  const elapsed = () => (performance.now() - sendStarted) / 1000;
  // Every step runs while the agents send: they stop only after the last one and the run's length.
  const ticker = setInterval(() => {
    log(
      `${elapsed().toFixed(0)} s: ${ackedEvents} events acknowledged (${queuedBatches} batches queued), ${faults.counts.d1Refused} D1 writes refused, ${faults.counts.queueRetries} queue retries, ${faults.counts.deadLetterDeliveries} dead-lettered`,
    );
  }, 10_000);
  const director = (async () => {
    for (const step of schedule) {
      await sleep(Math.max(0, step.at * options.seconds - elapsed()) * 1000);
      await step.run();
    }
    await sleep(Math.max(0, options.seconds - elapsed()) * 1000);
    stopped = true;
  })();

  const batches: PlannedBatch[] = [];
  const poisoning = (workload: { next(): PlannedBatch }, poisonRng: ReturnType<typeof createRng>) => ({
    next() {
      const batch = workload.next();
      if (poisonRng.chance(options.poisonRate)) faults.poisoned.add(batch.id);
      return batch;
    },
  });
  const outcomes: AgentOutcome[] = await Promise.all(
    tokens.map((token, i) =>
      runAgent(
        {
          url: runtime.url,
          token: token.token,
          rng: createRng(options.seed + 1000 + i),
          faults: options.agentFaults,
          tally,
          onAck,
          giveUpMs: GIVE_UP_MS,
          stopped: () => stopped,
          held: () => hold,
        },
        poisoning(agentWorkload(i, options, ruleSet, createRng(options.seed * 7919 + i)), createRng(options.seed + i)),
        batches,
      ),
    ),
  );
  await director;
  clearInterval(ticker);
  const sendSeconds = (lastAck - sendStarted) / 1000;
  log(`agents done: ${batches.length} batches sent in ${sendSeconds.toFixed(1)} s`);

  // D1 recovers, except for the poisoned batches: the queues run until those are dead letters.
  faults.faults = HEALTHY;
  await drainQueues("at the end");
  const settledSeconds = (performance.now() - sendStarted) / 1000;
  // The fix: from now on their writes succeed too, and only a replay stores them.
  faults.poisonActive = false;
  const violations = outcomes.flatMap((o) => o.violations);
  const acked = new Set(outcomes.flatMap((o) => [...o.acked.keys()]));
  const refused = outcomes.flatMap((o) => [...o.refused].map(([id, error]) => `batch ${id} refused: ${error}`));
  violations.push(...refused);

  const db = await runtime.db();
  const pending = await readPendingDeadLetters(db);
  const storedBefore = await readStoredEvents(db);
  const before = checkEvents(batches, acked, storedBefore, pending);
  violations.push(...before.violations.map((v) => `before replay: ${v}`));
  const deadLetters = await db
    .prepare("SELECT count(*) AS parts, coalesce(sum(record_count), 0) AS events FROM ingest_dead_letters")
    .first<{ parts: number; events: number }>();
  log(`before replay: ${before.waiting} acknowledged events wait in ${pending.length} pending dead letters`);

  const replayed = { parts: 0, events: 0 };
  const replayedIds = new Set<number>();
  for (let round = 0; round < 1000; round++) {
    const listed = await api<{ pending: number }>(runtime.url, "/api/v1/dead-letters?status=pending&limit=1", {
      token: login.token,
    });
    if (listed.pending === 0) break;
    const answer = await api<{
      replayed: number;
      failed: number;
      pending: number;
      results: { id: number; ok: boolean }[];
    }>(runtime.url, "/api/v1/dead-letters/replay", { token: login.token, body: {} });
    for (const result of answer.results) if (result.ok) replayedIds.add(result.id);
    if (answer.replayed === 0) {
      violations.push(`replaying dead letters made no progress: ${answer.failed} failed, ${answer.pending} pending`);
      break;
    }
  }
  for (const letter of pending) {
    if (!replayedIds.has(letter.id)) continue;
    replayed.parts++;
    replayed.events += letter.indexes.length;
  }
  await drainQueues("after the replay");

  const stored = await readStoredEvents(db);
  const after = checkEvents(batches, acked, stored, null);
  violations.push(...after.violations.map((v) => `after replay: ${v}`));
  const stillPending = await readPendingDeadLetters(db);
  if (stillPending.length > 0) violations.push(`${stillPending.length} dead letters still pending after the replay`);
  const alerts = await checkAlerts(db, batches, acked);
  violations.push(...alerts.violations);

  const ackedList = batches.filter((b) => acked.has(b.id));
  return {
    ok: violations.length === 0,
    violations,
    agents: options.agents,
    batches: {
      sent: batches.length,
      acknowledged: acked.size,
      queued_202: queuedBatches,
      refused: refused.length,
      poisoned: faults.poisoned.size,
    },
    events: {
      sent: batches.reduce((n, b) => n + b.size, 0),
      acknowledged: ackedEvents,
      rejected: ackedList.reduce((n, b) => n + b.loadIds.filter((id) => id === null).length, 0),
      stored: stored.length,
    },
    retries: {
      agent_resends: tally.resends,
      lost_answers: tally.lostAnswers,
      cut_requests: tally.cuts,
      duplicate_sends: tally.duplicateSends,
      transient_answers: tally.transientAnswers,
      queue_retries: faults.counts.queueRetries,
    },
    d1_faults: {
      write_batches: faults.counts.d1Batches,
      refused: faults.counts.d1Refused,
      poisoned_refused: faults.counts.d1PoisonRefused,
      committed_answer_lost: faults.counts.d1AnswersLost,
    },
    dead_lettered: {
      parts: deadLetters?.parts ?? 0,
      events: deadLetters?.events ?? 0,
      pending_parts_before_replay: pending.length,
      pending_events_before_replay: before.waiting,
    },
    replayed,
    restarts,
    alerts: {
      rules_fired: alerts.totals.rulesFired,
      alerts: alerts.totals.alerts,
      alerted_events: alerts.totals.alertedEvents,
      correlation_alerts: alerts.totals.correlationAlerts,
    },
    events_per_s: Math.round(ackedEvents / Math.max(sendSeconds, 0.001)),
    stored_events_per_s: Math.round(storedBefore.length / settledSeconds),
    send_seconds: Math.round(sendSeconds * 10) / 10,
    total_seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
