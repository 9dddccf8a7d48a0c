import type { CursorPage } from "./page.ts";

/** One agent batch as GET /api/v1/submissions presents it (worker/http/routes/submissions.ts). */
export interface Submission {
  id: string;
  received_at: string;
  stored_at: string;
  /** Hosts whose events the batch carried (attacker-controlled: render as text only). */
  hosts: string[];
  event_count: number;
  accepted: number;
  rejected: number;
  /** partial: the retry queue has stored only some of the batch so far. */
  status: "stored" | "partial";
  token_id: string | null;
  /** Null when the batch came without a token or the token was deleted. */
  token_name: string | null;
}

export interface SubmissionQuery {
  from?: string;
  to?: string;
  /** Batches that carried events of this host. */
  host?: string;
  /** A substring of a host, the token name or the batch id. */
  text?: string;
}

export interface SubmissionPage extends CursorPage {
  submissions: Submission[];
  /** Batches matching the filter in all, not just this page. */
  total: number;
}
