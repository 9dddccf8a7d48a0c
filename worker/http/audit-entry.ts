/** Audit entries for the signed-in user's actions: actor and IP taken from the request. */
import type { AuditAction, AuditEntry } from "../audit/record.ts";
import { clientIp } from "./client-ip.ts";
import type { AppContext } from "./context.ts";

export function auditEntry(
  c: AppContext,
  action: AuditAction,
  target: AuditEntry["target"],
  detail: Record<string, unknown> = {},
): AuditEntry {
  return { actor: { id: c.var.user.id, name: c.var.user.username }, action, target, detail, ip: clientIp(c) };
}
