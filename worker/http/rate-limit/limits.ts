/**
 * The abuse limits: each is a Workers rate-limiting binding (wrangler.toml `[[ratelimits]]`), which
 * answers only "within the limit or not" for a key over a period of 10 or 60 seconds. The limit
 * numbers here are the defaults wrangler.toml ships and what the in-memory stand-in counts when a
 * binding is absent; the period is also what a 429's Retry-After is worked out from.
 */
export interface RateLimitRule {
  /** The Env binding that counts this limit. */
  binding: "INGEST_TOKEN_RATE_LIMIT" | "INGEST_IP_RATE_LIMIT" | "LOGIN_IP_RATE_LIMIT";
  /** What the key is, named in the 429 answer. */
  per: "token" | "ip";
  /** What is counted, for the 429 answer. */
  counts: string;
  limit: number;
  periodSeconds: 10 | 60;
}

/** 10 requests a second per agent token: a normal agent sends a batch every few seconds. */
export const INGEST_PER_TOKEN: RateLimitRule = {
  binding: "INGEST_TOKEN_RATE_LIMIT",
  per: "token",
  counts: "ingest requests from this agent token",
  limit: 600,
  periodSeconds: 60,
};

/** Many agents may share one address behind NAT, so the per-IP ingest limit is ten times the token's. */
export const INGEST_PER_IP: RateLimitRule = {
  binding: "INGEST_IP_RATE_LIMIT",
  per: "ip",
  counts: "ingest requests from this IP address",
  limit: 6000,
  periodSeconds: 60,
};

/** On top of the per-username+IP failure limit (worker/auth/login.ts): one address trying many names. */
export const LOGIN_PER_IP: RateLimitRule = {
  binding: "LOGIN_IP_RATE_LIMIT",
  per: "ip",
  counts: "sign-in and sign-up requests from this IP address",
  limit: 60,
  periodSeconds: 60,
};

/**
 * Seconds until the current period ends, for windows aligned to the clock (how miniflare's local
 * binding and the in-memory limiter count). Cloudflare does not document where its windows start,
 * so deployed this is an estimate of at most one period.
 */
export function secondsLeftInPeriod(now: number, periodSeconds: number): number {
  const periodMs = periodSeconds * 1000;
  return periodSeconds - Math.floor((now % periodMs) / 1000);
}
