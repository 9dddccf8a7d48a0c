/**
 * wrangler.toml's `[[ratelimits]]` bindings for the Deno host, counted in memory with the limit and
 * period configured there, by the same fixed-window limiter the Worker falls back to (one process,
 * so one counter per key, where Cloudflare counts per location).
 */
import { fixedWindowLimiter } from "../worker/http/rate-limit/fixed-window.ts";
import type { RateLimitConfig } from "./wrangler-config.ts";

export function rateLimitBindings(configs: readonly RateLimitConfig[]): Record<string, RateLimit> {
  return Object.fromEntries(
    configs.map((config) => [
      config.binding,
      fixedWindowLimiter({ limit: config.limit, periodSeconds: config.periodSeconds }),
    ]),
  );
}
