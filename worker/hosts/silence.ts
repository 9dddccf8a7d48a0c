/**
 * When a host counts as silent. Each host has its own rhythm (a busy Windows agent delivers every
 * minute, a quiet Linux box only when someone logs in), so the expectation is learned from the
 * host's own deliveries, and a fixed threshold caps it so no host may go quiet for longer unnoticed.
 */

/** A host is overdue after this many of its typical gaps. */
export const SILENCE_FACTOR = 3;
/** Fewer gaps than this in the window say too little about a rhythm; the threshold alone applies. */
export const MIN_GAPS = 3;
export const DEFAULT_THRESHOLD_MINUTES = 60;

const MINUTE_MS = 60_000;

export interface Cadence {
  medianGapMinutes: number;
  gaps: number;
}

export interface Expectation {
  /** How long the host may stay quiet before it is silent. */
  expectedMs: number;
  /** "cadence": 3 × its median gap was the shorter; "threshold": the threshold applied. */
  basis: "cadence" | "threshold";
}

export function expectation(cadence: Cadence | undefined, thresholdMinutes: number): Expectation {
  const thresholdMs = thresholdMinutes * MINUTE_MS;
  if (!cadence || cadence.gaps < MIN_GAPS) return { expectedMs: thresholdMs, basis: "threshold" };
  const fromCadence = SILENCE_FACTOR * cadence.medianGapMinutes * MINUTE_MS;
  return fromCadence < thresholdMs
    ? { expectedMs: fromCadence, basis: "cadence" }
    : { expectedMs: thresholdMs, basis: "threshold" };
}

/** Silent once nothing has arrived for longer than expected. */
export function isSilent(lastSeen: number, now: number, expected: Expectation): boolean {
  return now - lastSeen > expected.expectedMs;
}
