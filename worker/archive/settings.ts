/** Retention's settings from the Worker's variables (wrangler.toml [vars]), checked once per run. */
import type { Env } from "../env.ts";

export interface RetentionSettings {
  /** Whole UTC days kept besides today. */
  days: number;
  /** Events per archive part, and so per select and delete statement. */
  partRows: number;
  /** A run starts no new part once it has handled this many events. */
  runRows: number;
}

const RETENTION_DEFAULTS: RetentionSettings = { days: 30, partRows: 1000, runRows: 10_000 };
/** A part's id list travels as one JSON parameter: 5,000 ids stay well under D1's 100 KB statement. */
const MAX_PART_ROWS = 5000;

function wholeNumber(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, not "${value}"`);
  }
  return n;
}

export function retentionSettings(
  env: Pick<Env, "RETENTION_DAYS" | "RETENTION_PART_ROWS" | "RETENTION_RUN_ROWS">,
): RetentionSettings {
  return {
    days: wholeNumber(env.RETENTION_DAYS, "RETENTION_DAYS", RETENTION_DEFAULTS.days, 36_500),
    partRows: wholeNumber(env.RETENTION_PART_ROWS, "RETENTION_PART_ROWS", RETENTION_DEFAULTS.partRows, MAX_PART_ROWS),
    runRows: wholeNumber(env.RETENTION_RUN_ROWS, "RETENTION_RUN_ROWS", RETENTION_DEFAULTS.runRows, 10_000_000),
  };
}
