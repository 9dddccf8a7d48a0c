/** Days as the volume rollups key them: whole UTC days since 1970-01-01. */
export const DAY_MS = 86_400_000;

/** The epoch day (UTC) a time in epoch milliseconds falls on. */
export function epochDay(ts: number): number {
  return Math.floor(ts / DAY_MS);
}
