/**
 * The load test's sizes: `default` for `npm run test:load`, `ci` for the run inside `npm test`.
 * Retries follow wrangler.toml's schedule with a 1 s first delay (INGEST_RETRY_BASE_SECONDS) and
 * fewer of them, so a part dead-letters within seconds: default 1 s + 2 s, then the dead-letter queue.
 */
import type { LoadOptions } from "./run.ts";

interface Size {
  agents: number;
  poisonRate: number;
  seconds: number;
  eventsPerBatch: number;
  d1FailRate: number;
  d1LostCommitRate: number;
  outageSeconds: number;
  restarts: number;
  lostAnswerRate: number;
  cutRate: number;
  duplicateRate: number;
  ingestMaxRetries: number;
  retryBaseSeconds: number;
  seed: number;
}

export const LOAD_SIZES: Record<string, Size> = {
  default: {
    agents: 8,
    poisonRate: 0.01,
    seconds: 60,
    eventsPerBatch: 120,
    d1FailRate: 0.1,
    d1LostCommitRate: 0.05,
    outageSeconds: 8,
    restarts: 2,
    lostAnswerRate: 0.03,
    cutRate: 0.02,
    duplicateRate: 0.05,
    ingestMaxRetries: 2,
    retryBaseSeconds: 1,
    seed: 7,
  },
  ci: {
    agents: 4,
    poisonRate: 0.02,
    seconds: 15,
    eventsPerBatch: 100,
    d1FailRate: 0.2,
    d1LostCommitRate: 0.05,
    outageSeconds: 5,
    restarts: 1,
    lostAnswerRate: 0.05,
    cutRate: 0.03,
    duplicateRate: 0.08,
    ingestMaxRetries: 1,
    retryBaseSeconds: 1,
    seed: 11,
  },
};

export type SizeOverrides = { [K in keyof Size]?: number | undefined } & { log: LoadOptions["log"] };

export function loadOptions(sizeName: string, overrides: SizeOverrides): LoadOptions {
  const base = LOAD_SIZES[sizeName];
  if (base === undefined) throw new Error(`unknown size '${sizeName}': ${Object.keys(LOAD_SIZES).join(", ")}`);
  const size = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (typeof value === "number") (size as Record<string, number>)[name] = value;
  }
  return {
    agents: Math.max(1, Math.floor(size.agents)),
    seconds: size.seconds,
    eventsPerBatch: Math.max(1, Math.floor(size.eventsPerBatch)),
    plantedRate: 0.05,
    invalidRate: 0.01,
    seed: Math.floor(size.seed),
    poisonRate: size.poisonRate,
    flaky: { refuse: size.d1FailRate, loseAnswer: size.d1LostCommitRate },
    outageSeconds: size.outageSeconds,
    restarts: Math.floor(size.restarts),
    agentFaults: { lostAnswerRate: size.lostAnswerRate, cutRate: size.cutRate, duplicateRate: size.duplicateRate },
    ingestMaxRetries: Math.floor(size.ingestMaxRetries),
    retryBaseSeconds: size.retryBaseSeconds,
    log: overrides.log,
  };
}
