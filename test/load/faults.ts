/**
 * The harness's side of LOAD_CONTROL (see worker/fault-worker.ts): the D1 fault switch, and the
 * ledger of ingest queue messages that tells when the local queues are empty.
 *
 * The ledger is kept from the consumers' side, by message id: a message its consumer retried is
 * waiting (for redelivery, or for the dead-letter queue, which keeps its id) until a consumer acks
 * it. A message sent but not delivered yet is not in the ledger; it is delivered within the
 * consumer's max_batch_timeout (1-2 s), so the queues count as empty only when nothing is waiting
 * and neither a send nor a delivery happened for a while. Counting sends up front instead would
 * leak: a request cut off by its client can be cancelled between counting a send and making it.
 */
import type { Rng } from "./rng.ts";

export interface D1Faults {
  /** Chance that a D1 batch is refused before it runs. */
  refuse: number;
  /** Chance that a D1 batch runs and commits, but the Worker gets an error instead of the answer. */
  loseAnswer: number;
}

export const HEALTHY: D1Faults = { refuse: 0, loseAnswer: 0 };

export interface FaultCounts {
  d1Batches: number;
  /** Writes refused because they held a poisoned batch. */
  d1PoisonRefused: number;
  d1Refused: number;
  d1AnswersLost: number;
  enqueued: number;
  /** Deliveries of ingest parts the consumer retried (the queue redelivers or dead-letters them). */
  queueRetries: number;
  /** Ingest parts that reached the dead-letter queue's consumer and were kept by it. */
  deadLetterDeliveries: number;
}

/** No send or delivery for this long: anything sent before has been delivered. */
const QUIET_MS = 3_000;

export class FaultController {
  faults: D1Faults = HEALTHY;
  /** Ids of ingest messages a consumer retried and none has acked since. */
  private readonly waiting = new Set<string>();
  private lastActivity = Date.now();
  /**
   * Batches whose every write D1 refuses until the poison is lifted (the "fix"): the faults that no
   * retry outlasts, so their parts exhaust the queue's retries and wait as dead letters for a replay.
   * A write that holds several parts (a queue delivery) fails for all of them.
   */
  readonly poisoned = new Set<string>();
  poisonActive = true;
  readonly counts: FaultCounts = {
    d1Batches: 0,
    d1PoisonRefused: 0,
    d1Refused: 0,
    d1AnswersLost: 0,
    enqueued: 0,
    queueRetries: 0,
    deadLetterDeliveries: 0,
  };
  private readonly rng: Rng;
  private readonly ingestQueue: string;
  private readonly deadLetterQueue: string | undefined;

  constructor(rng: Rng, ingestQueue: string, deadLetterQueue: string | undefined) {
    this.rng = rng;
    this.ingestQueue = ingestQueue;
    this.deadLetterQueue = deadLetterQueue;
  }

  /** True when the ingest queue and its dead-letter queue hold nothing, as far as the ledger can tell. */
  queuesEmpty(): boolean {
    return this.waiting.size === 0 && Date.now() - this.lastActivity >= QUIET_MS;
  }

  /** After a restart: the old runtime's queues are gone with it (they were empty). */
  forgetQueues(): void {
    this.waiting.clear();
    this.lastActivity = Date.now();
  }

  /** Answers the fault worker's reports. */
  handle = (path: string, body: unknown): unknown => {
    if (path === "/d1-batch") {
      this.counts.d1Batches++;
      const { batchIds } = body as { batchIds: string[] };
      if (this.poisonActive && batchIds.some((id) => this.poisoned.has(id))) {
        this.counts.d1PoisonRefused++;
        return { fail: "before" };
      }
      if (this.rng.chance(this.faults.refuse)) {
        this.counts.d1Refused++;
        return { fail: "before" };
      }
      if (this.rng.chance(this.faults.loseAnswer)) {
        this.counts.d1AnswersLost++;
        return { fail: "after" };
      }
      return { fail: null };
    }
    if (path === "/enqueued") {
      this.counts.enqueued += (body as { messages: number }).messages;
      this.lastActivity = Date.now();
      return {};
    }
    if (path === "/consumed") {
      const { queue, acked, retried } = body as { queue: string; acked: string[]; retried: string[] };
      if (queue !== this.ingestQueue && queue !== this.deadLetterQueue) return {};
      this.lastActivity = Date.now();
      for (const id of acked) this.waiting.delete(id);
      for (const id of retried) this.waiting.add(id);
      if (queue === this.ingestQueue) this.counts.queueRetries += retried.length;
      else this.counts.deadLetterDeliveries += acked.length;
      return {};
    }
    throw new Error(`unknown load control path ${path}`);
  };
}
