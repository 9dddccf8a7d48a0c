/** The Worker's bindings and variables (wrangler.toml, .dev.vars, `wrangler secret`). */
export interface Env {
  DB: D1Database;
  INGEST_QUEUE: Queue<unknown>;
  /** New alerts and their deliveries to webhook targets (worker/notify). */
  NOTIFY_QUEUE: Queue<unknown>;
  ASSETS: Fetcher;
  /** HS256 key for session and agent JWTs: `.dev.vars` locally, `wrangler secret put JWT_SECRET` deployed. */
  JWT_SECRET: string;
  /** Makes the first admin's password deterministic instead of random (scripts, tests). */
  ADMIN_PASSWORD?: string;
  SIGNUP_MODE?: string;
  SESSION_TTL_SECONDS?: string;
  /** A repeat of an alert (same rule, host and key fields) within this many seconds adds to it (default 3600). */
  ALERT_DEDUP_WINDOW_SECONDS?: string;
  /** The dashboard's origin (`https://siem.example.com`): notifications link to alerts under it. */
  PUBLIC_URL?: string;
  /** First retry delay of a failed notification delivery, doubled on each further attempt (default 10). */
  NOTIFY_RETRY_BASE_SECONDS?: string;
  /** First retry delay of a queued ingest part that failed to store, doubled on each further attempt (default 5). */
  INGEST_RETRY_BASE_SECONDS?: string;
  /**
   * Abuse limits (wrangler.toml `[[ratelimits]]`, worker/http/rate-limit/limits.ts): ingest per agent
   * token and per IP, sign-in per IP. One that is absent is counted in memory with the default limits.
   */
  INGEST_TOKEN_RATE_LIMIT?: RateLimit;
  INGEST_IP_RATE_LIMIT?: RateLimit;
  LOGIN_IP_RATE_LIMIT?: RateLimit;
  /** Event archives (worker/archive): gzip NDJSON per UTC day, written before retention deletes a day. */
  ARCHIVE: R2Bucket;
  /** Whole UTC days of events kept in D1 besides today (default 30); older days are archived, then deleted. */
  RETENTION_DAYS?: string;
  /** Events per archive object, and so per select and delete statement (default 1000). */
  RETENTION_PART_ROWS?: string;
  /** A retention run starts no new archive object after this many events (default 10000). */
  RETENTION_RUN_ROWS?: string;
  /** The D1 database's size limit in GB the dashboard measures against (default 10; 0.5 on Workers Free). */
  D1_LIMIT_GB?: string;
}
