/**
 * One middleware for every abuse limit, applied by route: per client IP before anything is read
 * (worker/http/app.ts), per agent token right after the token is checked (the ingest routes).
 */
import { createMiddleware } from "hono/factory";
import type { Env } from "../../env.ts";
import { clientIp } from "../client-ip.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { fixedWindowLimiter } from "./fixed-window.ts";
import { INGEST_PER_IP, INGEST_PER_TOKEN, LOGIN_PER_IP, type RateLimitRule, secondsLeftInPeriod } from "./limits.ts";

const standIns = new Map<RateLimitRule["binding"], RateLimit>();

function limiterFor(env: Env, rule: RateLimitRule): RateLimit {
  const bound = env[rule.binding];
  if (bound) return bound;
  let standIn = standIns.get(rule.binding);
  if (!standIn) {
    standIn = fixedWindowLimiter(rule);
    standIns.set(rule.binding, standIn);
  }
  return standIn;
}

export function rateLimit(rule: RateLimitRule, keyOf: (c: AppContext) => string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let success: boolean;
    try {
      ({ success } = await limiterFor(c.env, rule).limit({ key: keyOf(c) }));
    } catch (error) {
      // A limiter outage must not stop ingest: events acknowledged late are better than events lost.
      console.error(`rate limiter ${rule.binding} failed; letting the request through:`, error);
      success = true;
    }
    if (success) return next();
    const retryAfter = secondsLeftInPeriod(Date.now(), rule.periodSeconds);
    return c.json(
      {
        error: `rate limit exceeded: too many ${rule.counts} in ${rule.periodSeconds} s; retry after ${retryAfter} s`,
        limit: rule.per,
      },
      429,
      { "Retry-After": String(retryAfter) },
    );
  });
}

export const limitIngestPerIp = rateLimit(INGEST_PER_IP, clientIp);
export const limitLoginPerIp = rateLimit(LOGIN_PER_IP, clientIp);
/** After requireAgent / authenticateAgent: keyed by the token's jti, so a revoked-and-reissued token starts afresh. */
export const limitIngestPerToken = rateLimit(INGEST_PER_TOKEN, (c) => c.var.agent.tokenId);
