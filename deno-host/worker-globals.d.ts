/**
 * The Workers global types that the worker/ modules the host imports directly refer to, for the
 * Node typecheck of deno-host/ (tsconfig.node.json has no workers-types globals).
 */
import type * as Workers from "@cloudflare/workers-types/index.ts";

declare global {
  type RateLimit = Workers.RateLimit;
}
