/**
 * One simulated agent, delivering as agents/linux/edgesiem-agent.py does: each batch is posted
 * (gzip, its own batch_id) until the Worker acknowledges it with 2xx; 408, 429, 5xx and network
 * errors are resent with the same batch_id after a back-off, other 4xx refuse the batch for good.
 * On top, the faults an agent brings: answers it loses (the request is served, the agent never sees
 * the answer), requests it cuts off mid-way, and acknowledged batches it sends again (a crash
 * before it saved its position). Back-off is capped at 2 s instead of the agent's 60 s, to keep the
 * run short.
 */
import type { Rng } from "./rng.ts";
import type { PlannedBatch } from "./workload.ts";

const REQUEST_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 2_000;

export interface IngestAnswer {
  batch_id: string;
  accepted: number;
  rejected: { index: number; error: string }[];
  status: "stored" | "queued" | "duplicate";
  alerts: number;
}

export interface AgentFaults {
  /** Chance that an attempt's answer is lost after the Worker served it. */
  lostAnswerRate: number;
  /** Chance that an attempt is cut off a few milliseconds after it was sent. */
  cutRate: number;
  /** Chance that an acknowledged batch is sent once more. */
  duplicateRate: number;
}

export interface AgentTally {
  requests: number;
  /** Attempts after the first for a batch: after an error, a lost answer or a cut, or a duplicate send. */
  resends: number;
  lostAnswers: number;
  cuts: number;
  duplicateSends: number;
  transientAnswers: Record<string, number>;
}

export interface AgentOutcome {
  /** Batch id -> the answer that acknowledged it. */
  acked: Map<string, { httpStatus: number; answer: IngestAnswer }>;
  /** Batch id -> why the Worker refused the whole batch. */
  refused: Map<string, string>;
  violations: string[];
}

export interface AgentContext {
  url: string;
  token: string;
  rng: Rng;
  faults: AgentFaults;
  tally: AgentTally;
  /** Called when a batch is acknowledged (first time only). */
  onAck(batch: PlannedBatch, answer: IngestAnswer): void;
  /** Give up on a batch after this long without an acknowledgement. */
  giveUpMs: number;
  /** True once the run wants no new batches (the one being sent is still sent until acknowledged). */
  stopped(): boolean;
  /** While the harness holds the agents: a promise to wait for before the next request. */
  held(): Promise<void> | null;
}

type Attempt =
  | { kind: "answer"; status: number; text: string; retryAfter: string | null }
  | { kind: "lost" }
  | { kind: "error"; detail: string };

async function post(ctx: AgentContext, batch: PlannedBatch): Promise<Attempt> {
  await ctx.held();
  ctx.tally.requests++;
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(new Error("request timed out")), REQUEST_TIMEOUT_MS);
  const cut = ctx.rng.chance(ctx.faults.cutRate);
  if (cut) {
    ctx.tally.cuts++;
    setTimeout(() => controller.abort(new Error("cut off by the agent")), ctx.rng.int(1, 40));
  }
  try {
    const response = await fetch(`${ctx.url}/api/v1/ingest`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${ctx.token}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
        // For the harness's fault switch only (test/load/worker/fault-worker.ts); the Worker ignores it.
        "x-load-batch": batch.id,
      },
      body: batch.body,
      signal: controller.signal,
    });
    const text = await response.text();
    if (ctx.rng.chance(ctx.faults.lostAnswerRate)) {
      ctx.tally.lostAnswers++;
      return { kind: "lost" };
    }
    return { kind: "answer", status: response.status, text, retryAfter: response.headers.get("retry-after") };
  } catch (error) {
    return { kind: "error", detail: cut ? "cut" : (error as Error).message };
  } finally {
    clearTimeout(timeout);
  }
}

function checkAnswer(batch: PlannedBatch, answer: IngestAnswer, violations: string[]): void {
  const invalid = batch.loadIds.flatMap((id, index) => (id === null ? [index] : []));
  const rejected = answer.rejected.map((r) => r.index).sort((a, b) => a - b);
  if (answer.batch_id !== batch.id) violations.push(`${batch.id}: answered for batch ${answer.batch_id}`);
  if (answer.accepted !== batch.size - invalid.length || JSON.stringify(rejected) !== JSON.stringify(invalid)) {
    violations.push(
      `${batch.id}: expected ${batch.size - invalid.length} accepted and rejected [${invalid}], got ${answer.accepted} and [${rejected}]`,
    );
  }
}

function backoff(ctx: AgentContext, failures: number, retryAfter: string | null): Promise<void> {
  const asked = retryAfter === null ? 0 : Number(retryAfter) * 1000;
  const ms = Math.max(asked, Math.min(MAX_BACKOFF_MS, 50 * 2 ** failures) * (0.5 + ctx.rng.float() / 2));
  return new Promise((wake) => setTimeout(wake, ms));
}

/** Sends one batch until acknowledged or refused; returns the acknowledging answer or the refusal. */
async function deliver(
  ctx: AgentContext,
  batch: PlannedBatch,
  violations: string[],
): Promise<{ ok: true; httpStatus: number; answer: IngestAnswer } | { ok: false; error: string }> {
  const started = Date.now();
  for (let failures = 0; ; failures++) {
    if (failures > 0) ctx.tally.resends++;
    const attempt = await post(ctx, batch);
    if (attempt.kind === "answer") {
      const { status, text } = attempt;
      if (status === 200 || status === 202) {
        const answer = JSON.parse(text) as IngestAnswer;
        checkAnswer(batch, answer, violations);
        return { ok: true, httpStatus: status, answer };
      }
      if (status === 409) violations.push(`${batch.id}: 409 for a resend of the same body: ${text.slice(0, 200)}`);
      const transient = status === 408 || status === 429 || status >= 500;
      if (!transient) return { ok: false, error: `HTTP ${status} ${text.slice(0, 200)}` };
      ctx.tally.transientAnswers[String(status)] = (ctx.tally.transientAnswers[String(status)] ?? 0) + 1;
    } else if (attempt.kind === "error") {
      const key = attempt.detail === "cut" ? "cut" : "network";
      ctx.tally.transientAnswers[key] = (ctx.tally.transientAnswers[key] ?? 0) + 1;
    }
    if (Date.now() - started > ctx.giveUpMs) {
      return { ok: false, error: `not acknowledged within ${ctx.giveUpMs / 1000} s` };
    }
    await backoff(ctx, failures, attempt.kind === "answer" ? attempt.retryAfter : null);
  }
}

/** Sends the workload's batches one after the other until `ctx.stopped()`; `sent` receives each batch first. */
export async function runAgent(
  ctx: AgentContext,
  workload: { next(): PlannedBatch },
  sent: PlannedBatch[],
): Promise<AgentOutcome> {
  const outcome: AgentOutcome = { acked: new Map(), refused: new Map(), violations: [] };
  while (!ctx.stopped()) {
    const batch = workload.next();
    sent.push(batch);
    const result = await deliver(ctx, batch, outcome.violations);
    if (!result.ok) {
      outcome.refused.set(batch.id, result.error);
      continue;
    }
    outcome.acked.set(batch.id, { httpStatus: result.httpStatus, answer: result.answer });
    ctx.onAck(batch, result.answer);
    if (ctx.rng.chance(ctx.faults.duplicateRate)) {
      ctx.tally.duplicateSends++;
      ctx.tally.resends++;
      const again = await deliver(ctx, batch, outcome.violations);
      if (!again.ok)
        outcome.violations.push(`${batch.id}: a resend of an acknowledged batch was refused: ${again.error}`);
      else if (again.answer.accepted !== result.answer.accepted) {
        outcome.violations.push(
          `${batch.id}: resend answered ${again.answer.accepted} accepted, first answer ${result.answer.accepted}`,
        );
      }
    }
  }
  return outcome;
}
