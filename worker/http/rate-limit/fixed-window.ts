/**
 * An in-memory RateLimit with the binding's semantics: at most `limit` successes per key in each
 * clock-aligned window of `periodSeconds`; refused calls are not counted. Counts live in one isolate
 * (or one Deno process), so it stands in where no binding is configured.
 */
export function fixedWindowLimiter(options: { limit: number; periodSeconds: number; now?: () => number }): RateLimit {
  const { limit, periodSeconds, now = Date.now } = options;
  let window = Number.NaN;
  const counts = new Map<string, number>();
  return {
    async limit({ key }) {
      const current = Math.floor(now() / (periodSeconds * 1000));
      // A new window forgets every key at once, so the map never outgrows one window's keys.
      if (current !== window) {
        window = current;
        counts.clear();
      }
      const count = counts.get(key) ?? 0;
      if (count >= limit) return { success: false };
      counts.set(key, count + 1);
      return { success: true };
    },
  };
}
