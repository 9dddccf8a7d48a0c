/** Shared helpers of the benchmarks: progress output, timing summaries, rounding. */

/** What every benchmark is given; read once from the environment by run.ts. */
export interface BenchConfig {
  /** Batches per measured run. */
  batches: number;
}

/** Progress goes to stderr so stdout carries nothing but the result document. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Nearest-rank percentile: always one of the measured values, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY;
}
