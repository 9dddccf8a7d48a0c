import type { CursorPage } from "./page.ts";

/** One audit log entry as GET /api/v1/audit presents it (worker/http/routes/audit.ts). */
export interface AuditEntry {
  id: number;
  at: string;
  /** Null for the system itself; `id` null for someone not signed in (a failed sign-in, a sign-up). */
  actor: { id: number | null; name: string } | null;
  action: string;
  target: { type: string; id: string | null } | null;
  /** What changed. Values are user-supplied text (a tried username, an exception value): render as text. */
  detail: Record<string, unknown>;
  ip: string | null;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  /** Exact actor name, ignoring case. */
  actor?: string;
  /** Action prefix: `rule` finds every rule change. */
  action?: string;
}

export interface AuditPage extends CursorPage {
  entries: AuditEntry[];
}
