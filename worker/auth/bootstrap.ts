/**
 * First start: when no enabled admin exists, create `admin` with ADMIN_PASSWORD or a random password
 * printed once to the log (wrangler dev's terminal, or `wrangler tail` when deployed). An
 * ADMIN_PASSWORD the password rules would refuse must be changed at the first sign-in.
 */
import { auditQuery } from "../audit/record.ts";
import type { StoreHandle } from "../store/handle.ts";
import { hasEnabledAdmin, insertUser } from "../store/users.ts";
import { passwordProblem } from "./password-policy.ts";
import { hashPassword, randomPassword } from "./passwords.ts";

export const BOOTSTRAP_ADMIN = "admin";

/** Called where an admin is first needed (sign-in, the health check the start script makes). */
export async function ensureAdmin(store: StoreHandle, configuredPassword: string | undefined, now = Date.now()) {
  if (await hasEnabledAdmin(store)) return;
  const password = configuredPassword || randomPassword();
  const hashed = await hashPassword(password);
  const created = await insertUser(
    store,
    {
      username: BOOTSTRAP_ADMIN,
      passwordHash: hashed.hash,
      passwordSalt: hashed.salt,
      passwordIterations: hashed.iterations,
      role: "admin",
      enabled: true,
      // A configured password too weak to choose today still lets the operator in, once.
      mustChangePassword: passwordProblem(password, BOOTSTRAP_ADMIN) !== null,
    },
    now,
    [
      auditQuery(
        store,
        {
          actor: null,
          action: "user.create",
          target: { type: "user", id: "inserted" },
          detail: { username: BOOTSTRAP_ADMIN, role: "admin", enabled: true, via: "first_start" },
          ip: null,
          at: now,
        },
        { onlyIfChanged: true },
      ),
    ],
  );
  // A concurrent first request may have won the insert; then it printed the password, not us.
  // A configured password is a secret of the operator's: it is never written to the log.
  if (created) {
    console.log(
      configuredPassword
        ? `EdgeSIEM first start: created user "${BOOTSTRAP_ADMIN}" with the password from ADMIN_PASSWORD`
        : `EdgeSIEM first start: created user "${BOOTSTRAP_ADMIN}" with password: ${password}  (shown only this once)`,
    );
  }
}
