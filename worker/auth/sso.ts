/**
 * Single sign-on: a deployment behind Cloudflare Access, or behind a proxy that signs users in with
 * an OIDC provider, passes each request's identity as a signed JWT in a header. EdgeSIEM trusts
 * it only when its signature verifies against the provider's published keys (jose, JWKS fetched
 * and cached per isolate), its issuer and audience are the configured ones and it has not
 * expired; the identity's email is the username, and the provider's groups may give the role.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import type { Env } from "../env.ts";
import type { Role } from "../store/users.ts";

export type SsoProvider = "cloudflare-access" | "oidc";

export interface SsoConfig {
  provider: SsoProvider;
  /** The request header that carries the identity token. */
  header: string;
  jwksUrl: URL;
  issuer: string;
  audience: string;
  groupsClaim: string;
  adminGroups: readonly string[];
  analystGroups: readonly string[];
  /** The role of a new SSO user in none of the groups above. */
  defaultRole: Role;
}

export type SsoSettings = Pick<
  Env,
  | "SSO_PROVIDER"
  | "ACCESS_TEAM_DOMAIN"
  | "ACCESS_AUD"
  | "OIDC_ISSUER"
  | "OIDC_AUDIENCE"
  | "OIDC_JWKS_URL"
  | "OIDC_TOKEN_HEADER"
  | "SSO_GROUPS_CLAIM"
  | "SSO_ADMIN_GROUPS"
  | "SSO_ANALYST_GROUPS"
  | "SSO_DEFAULT_ROLE"
>;

export class SsoConfigError extends Error {}

const ROLES: readonly Role[] = ["viewer", "analyst", "admin"];
const ALGORITHMS = ["RS256", "ES256", "PS256", "EdDSA"];

/** Keys may be fetched over plain http only from the machine itself (tests, a local provider). */
function keyUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SsoConfigError(`${what} '${text}' is not a URL`);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new SsoConfigError(`${what} must be an https URL`);
  }
  return url;
}

function required(value: string | undefined, name: string): string {
  if (!value?.trim()) throw new SsoConfigError(`SSO_PROVIDER is set but ${name} is not`);
  return value.trim();
}

const list = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** The deployment's SSO settings, or null when SSO is off; a half-made setting is an error. */
export function ssoConfig(settings: SsoSettings): SsoConfig | null {
  const provider = settings.SSO_PROVIDER?.trim();
  if (!provider) return null;
  const defaultRole = (settings.SSO_DEFAULT_ROLE?.trim() || "viewer") as Role;
  if (!ROLES.includes(defaultRole)) throw new SsoConfigError(`SSO_DEFAULT_ROLE must be one of ${ROLES.join(", ")}`);
  const shared = {
    groupsClaim: settings.SSO_GROUPS_CLAIM?.trim() || "groups",
    adminGroups: list(settings.SSO_ADMIN_GROUPS),
    analystGroups: list(settings.SSO_ANALYST_GROUPS),
    defaultRole,
  };
  if (provider === "cloudflare-access") {
    const team = keyUrl(required(settings.ACCESS_TEAM_DOMAIN, "ACCESS_TEAM_DOMAIN"), "ACCESS_TEAM_DOMAIN");
    return {
      provider,
      header: "Cf-Access-Jwt-Assertion",
      jwksUrl: new URL("/cdn-cgi/access/certs", team),
      issuer: team.origin,
      audience: required(settings.ACCESS_AUD, "ACCESS_AUD"),
      ...shared,
    };
  }
  if (provider === "oidc") {
    const issuer = required(settings.OIDC_ISSUER, "OIDC_ISSUER");
    return {
      provider,
      header: settings.OIDC_TOKEN_HEADER?.trim() || "X-Id-Token",
      jwksUrl: keyUrl(required(settings.OIDC_JWKS_URL, "OIDC_JWKS_URL"), "OIDC_JWKS_URL"),
      issuer,
      audience: required(settings.OIDC_AUDIENCE, "OIDC_AUDIENCE"),
      ...shared,
    };
  }
  throw new SsoConfigError(`SSO_PROVIDER must be cloudflare-access or oidc, not '${provider}'`);
}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(url: URL) {
  let keys = keySets.get(url.href);
  if (!keys) {
    keys = createRemoteJWKSet(url, { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    keySets.set(url.href, keys);
  }
  return keys;
}

export interface SsoIdentity {
  email: string;
  groups: string[];
}

export type IdentityCheck = { ok: true; identity: SsoIdentity } | { ok: false; error: string };

/** The identity a token asserts, once its signature, issuer, audience and times check out. */
export async function verifyIdentity(config: SsoConfig, token: string): Promise<IdentityCheck> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(config.jwksUrl), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ["exp"],
    }));
  } catch (error) {
    return { ok: false, error: `the identity token was refused: ${error instanceof Error ? error.message : error}` };
  }
  const email = typeof payload.email === "string" ? payload.email.trim().toLowerCase() : "";
  if (!/^[A-Za-z0-9._@+-]{3,64}$/.test(email) || !email.includes("@")) {
    return { ok: false, error: "the identity token carries no usable email" };
  }
  const claim = payload[config.groupsClaim];
  const groups = Array.isArray(claim) ? claim.filter((group): group is string => typeof group === "string") : [];
  return { ok: true, identity: { email, groups } };
}

/** The role the provider's groups give, highest first; the default for someone in none. */
export function roleForGroups(config: SsoConfig, groups: readonly string[]): Role {
  if (groups.some((group) => config.adminGroups.includes(group))) return "admin";
  if (groups.some((group) => config.analystGroups.includes(group))) return "analyst";
  return config.defaultRole;
}
