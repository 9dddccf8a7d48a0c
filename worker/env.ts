/** The Worker's bindings and variables (wrangler.toml, .dev.vars, `wrangler secret`). */
export interface Env {
  DB: D1Database;
  INGEST_QUEUE: Queue<unknown>;
  ASSETS: Fetcher;
  /** HS256 key for session and agent JWTs: `.dev.vars` locally, `wrangler secret put JWT_SECRET` deployed. */
  JWT_SECRET: string;
  /** Makes the first admin's password deterministic instead of random (scripts, tests). */
  ADMIN_PASSWORD?: string;
  SIGNUP_MODE?: string;
  SESSION_TTL_SECONDS?: string;
}
