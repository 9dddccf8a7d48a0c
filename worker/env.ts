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
}
