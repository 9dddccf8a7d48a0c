export type DeadLetterStatus = "pending" | "replayed" | "discarded";

/** An ingest part the retry queue gave up on (worker/http/routes/dead-letters.ts). */
export interface DeadLetter {
  id: number;
  batch_id: string | null;
  token_id: string | null;
  token_name: string | null;
  record_count: number;
  /** null: unknown. */
  first_error: string | null;
  last_error: string | null;
  attempts: number;
  dead_lettered_at: string;
  status: DeadLetterStatus;
  replayed_at: string | null;
  replayed_by: string | null;
  discarded_at: string | null;
  discarded_by: string | null;
}

export interface DeadLetterRecord {
  index: number;
  bytes: number;
  preview: string;
  format?: string;
  ts?: string;
  host?: string | null;
  dataset?: string | null;
  event_code?: string | null;
  /** Why the record would not normalise now. */
  error?: string;
}

export interface ReplayAllResult {
  replayed: number;
  failed: number;
  pending: number;
  results: { id: number; ok: boolean; alerts?: number; error?: string }[];
}

export interface DeadLetterList {
  items: DeadLetter[];
  total: number;
  pending: number;
}

/** GET /dead-letters/:id: the part with its records as they would normalise now. */
export interface DeadLetterDetail {
  dead_letter: DeadLetter;
  rejected: number;
  records: DeadLetterRecord[];
}

export interface DeadLetterReplayed {
  dead_letter: DeadLetter;
  alerts: number;
}

export interface DeadLetterAnswer {
  dead_letter: DeadLetter;
}
