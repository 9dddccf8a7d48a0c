/**
 * Signing in with a verified SSO identity: the account named by the email, created on first
 * sign-in (enabled: the provider already decided who may reach the dashboard) with the role the
 * provider's groups give. Its password is random and known to nobody; an admin may reset it.
 */
import { auditQuery } from "../audit/record.ts";
import type { StoreHandle } from "../store/handle.ts";
import type { UserRow } from "../store/schema.ts";
import { findUserByName, insertUser } from "../store/users.ts";
import { hashPassword, randomPassword } from "./passwords.ts";
import { roleForGroups, type SsoConfig, verifyIdentity } from "./sso.ts";

export type SsoOutcome =
  | { ok: true; user: UserRow; created: boolean }
  | { ok: false; status: 401 | 403; error: string };

export async function signInWithSso(
  store: StoreHandle,
  config: SsoConfig,
  token: string | undefined,
  ip: string | null,
  now = Date.now(),
): Promise<SsoOutcome> {
  if (!token) return { ok: false, status: 401, error: `no identity token in the ${config.header} header` };
  const check = await verifyIdentity(config, token);
  if (!check.ok) return { ok: false, status: 401, error: check.error };
  const { email, groups } = check.identity;

  const existing = await findUserByName(store, email);
  if (existing) {
    if (!existing.enabled) return { ok: false, status: 403, error: "this account is disabled; ask an admin" };
    return { ok: true, user: existing, created: false };
  }
  const role = roleForGroups(config, groups);
  const hashed = await hashPassword(randomPassword(32));
  const created = await insertUser(
    store,
    {
      username: email,
      passwordHash: hashed.hash,
      passwordSalt: hashed.salt,
      passwordIterations: hashed.iterations,
      role,
      enabled: true,
    },
    now,
    [
      auditQuery(
        store,
        {
          actor: { id: null, name: email },
          action: "user.create",
          target: { type: "user", id: "inserted" },
          detail: { username: email, role, enabled: true, via: config.provider },
          ip,
          at: now,
        },
        { onlyIfChanged: true },
      ),
    ],
  );
  // A parallel first sign-in may have created the account a moment ago.
  const user = created ?? (await findUserByName(store, email));
  if (!user) throw new Error(`the SSO account ${email} was neither created nor found`);
  return { ok: true, user, created: created !== null };
}
