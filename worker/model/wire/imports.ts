/** An import: a named set of log files brought in at once (worker/http/routes/imports.ts). */

export type ImportOrigin = "cli" | "dashboard" | "api";
export type ImportStatus = "running" | "done" | "cancelled";

export interface ImportReason {
  reason: string;
  count: number;
}

/** What the client read from one file and what the server answered for its batches. */
export interface ImportFileSummary {
  /** The file's path as the client named it (inside an archive: `archive.zip/inner.evtx`). */
  file: string;
  /** How it was read: evtx, json, ndjson, zeek-tsv, zeek-json, syslog. */
  format: string;
  bytes: number;
  /** Records read from the file. */
  records: number;
  /** Records the server accepted (a resent batch counts again: it is stored once). */
  stored: number;
  rejected: number;
  /** The rejections' reasons, most frequent first. */
  reasons: ImportReason[];
  /** Alerts the file's batches raised or added to. */
  alerts: number;
  /** What the reader could not read (an EVTX chunk that is damaged, a line that is not JSON). */
  problems: string[];
}

export interface ImportEntity {
  id: string;
  name: string;
  origin: ImportOrigin;
  created_by: string;
  created_at: string;
  status: ImportStatus;
  finished_at: string | null;
  files: ImportFileSummary[];
  /** Counted from the stored events, whatever the client reported. */
  events: number;
  alerts: number;
  /** The span of the import's events' own times, for scoping the Events page to it. */
  first_event_at: string | null;
  last_event_at: string | null;
}

export interface ImportAnswer {
  import: ImportEntity;
  /** The client's key named an import made before: this run continues it. */
  resumed: boolean;
}

export interface ImportList {
  imports: ImportEntity[];
}

export interface ImportStart {
  name: string;
  /** Derived from the files' contents, so the same files resume the same import. */
  key?: string;
}

export interface ImportFinish {
  status: Exclude<ImportStatus, "running">;
  files: ImportFileSummary[];
}
