import type { AppContext } from "./context.ts";

/**
 * The caller's address: CF-Connecting-IP, which Cloudflare sets (replacing any a client sent), as
 * does the Deno host from its socket (deno-host/host.ts).
 */
export function clientIp(c: AppContext): string {
  return c.req.header("cf-connecting-ip") ?? c.req.header("x-real-ip") ?? "unknown";
}
