/**
 * The Worker's bindings and variables. What wrangler.toml declares is typed by `wrangler types` in
 * env.generated.d.ts (its first line is the command that regenerates it; `npm run typecheck` fails when it
 * no longer matches wrangler.toml). The rest is written here because wrangler types cannot know it: secrets
 * would be read from a developer's own .dev.vars, so its output would differ from machine to machine, and
 * the optional variables below have no value in wrangler.toml to generate from.
 */
export interface Env extends WranglerEnv {
  /** HS256 key for session and agent JWTs: `.dev.vars` locally, `wrangler secret put JWT_SECRET` deployed. */
  JWT_SECRET: string;
  /** Makes the first admin's password deterministic instead of random (scripts, tests). */
  ADMIN_PASSWORD?: string;
  /** The dashboard's origin (`https://siem.example.com`): notifications link to alerts under it. */
  PUBLIC_URL?: string;
  /** First retry delay of a failed notification delivery, doubled on each further attempt (default 10). */
  NOTIFY_RETRY_BASE_SECONDS?: string;
  /** First retry delay of a queued ingest part that failed to store, doubled on each further attempt (default 5). */
  INGEST_RETRY_BASE_SECONDS?: string;
  /** Single sign-on (README "Single sign-on"): `cloudflare-access` or `oidc`; unset, SSO is off. */
  SSO_PROVIDER?: string;
  /** Cloudflare Access: the team domain (`https://<team>.cloudflareaccess.com`) and the application's AUD tag. */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  /** A generic OIDC provider behind a proxy: its issuer, the client id the ID token is for, its JWKS. */
  OIDC_ISSUER?: string;
  OIDC_AUDIENCE?: string;
  OIDC_JWKS_URL?: string;
  /** The header the proxy puts the ID token in (default X-Id-Token). */
  OIDC_TOKEN_HEADER?: string;
  /** The token claim listing the user's groups (default `groups`), and the groups that make a new user admin or analyst. */
  SSO_GROUPS_CLAIM?: string;
  SSO_ADMIN_GROUPS?: string;
  SSO_ANALYST_GROUPS?: string;
  /** The role of a new SSO user in none of those groups (default viewer). */
  SSO_DEFAULT_ROLE?: string;
}
