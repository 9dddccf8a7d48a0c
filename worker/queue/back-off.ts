/** The queues' retry schedule: exponential back-off from a configurable first delay. */

/** base, 2×base, 4×base, ... capped. */
export function backOffSeconds(attempts: number, baseSeconds: number, capSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), capSeconds);
}

/** A first-delay setting from the environment (e.g. "0" in tests); the fallback when absent or invalid. */
export function baseSecondsSetting(setting: string | undefined, fallback: number): number {
  if (setting === undefined || setting.trim() === "") return fallback;
  const base = Number(setting);
  return Number.isFinite(base) && base >= 0 ? base : fallback;
}
