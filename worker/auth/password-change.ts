/**
 * A user changing their own password, and an admin resetting someone's. A change needs the current
 * password and ends the user's other sessions; a reset ends them all and makes the user choose a
 * new password at next sign-in. Each is written in one batch with its audit entry.
 */
import { auditQuery } from "../audit/record.ts";
import type { StoreHandle } from "../store/handle.ts";
import type { UserRow } from "../store/schema.ts";
import { revokeUserSessionsQuery } from "../store/sessions.ts";
import { setUserPassword } from "../store/users.ts";
import { passwordProblem } from "./password-policy.ts";
import { hashPassword, randomPassword, verifyPassword } from "./passwords.ts";

export type ChangeOutcome = { ok: true } | { ok: false; status: 400 | 403; error: string };

export async function changeOwnPassword(
  store: StoreHandle,
  user: UserRow,
  change: { current: string; next: string; sessionId: string; ip: string | null },
  now = Date.now(),
): Promise<ChangeOutcome> {
  const stored = { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations };
  if (!(await verifyPassword(change.current, stored))) {
    return { ok: false, status: 403, error: "the current password is not right" };
  }
  const problem = passwordProblem(change.next, user.username);
  if (problem) return { ok: false, status: 400, error: problem };
  if (change.next === change.current) {
    return { ok: false, status: 400, error: "the new password must differ from the current one" };
  }
  await setUserPassword(store, user.id, await hashPassword(change.next), false, now, [
    revokeUserSessionsQuery(store, user.id, now, change.sessionId),
    auditQuery(store, {
      actor: { id: user.id, name: user.username },
      action: "user.password_change",
      target: { type: "user", id: user.id },
      detail: { username: user.username },
      ip: change.ip,
      at: now,
    }),
  ]);
  return { ok: true };
}

/** A one-time password for the user, shown once to the admin; the user must replace it at sign-in. */
export async function resetPassword(
  store: StoreHandle,
  admin: UserRow,
  target: UserRow,
  ip: string | null,
  now = Date.now(),
): Promise<{ user: UserRow; temporaryPassword: string }> {
  const temporaryPassword = randomPassword();
  const user = await setUserPassword(store, target.id, await hashPassword(temporaryPassword), true, now, [
    revokeUserSessionsQuery(store, target.id, now),
    auditQuery(store, {
      actor: { id: admin.id, name: admin.username },
      action: "user.password_reset",
      target: { type: "user", id: target.id },
      detail: { username: target.username },
      ip,
      at: now,
    }),
  ]);
  if (!user) throw new Error(`user ${target.id} vanished during a password reset`);
  return { user, temporaryPassword };
}
