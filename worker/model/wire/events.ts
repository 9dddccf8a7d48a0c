import type { CursorPage } from "./page.ts";

/** One stored event as GET /api/v1/events presents it (worker/http/routes/events.ts presentEvent). */
export interface EventRecord {
  id: number;
  "@timestamp": string;
  received_at: string;
  host: string | null;
  source: string;
  dataset: string;
  event_code: string | null;
  category: string | null;
  action: string | null;
  outcome: string | null;
  user: string | null;
  process: string | null;
  command_line: string | null;
  parent_process: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  batch_id: string;
  /** The import the event came in with (worker/imports/), or null for a shipper's event. */
  import_id: string | null;
  /** The record exactly as the agent sent it (attacker-controlled: render as text only). */
  raw: unknown;
}

export interface EventQuery {
  /** ISO time or epoch ms; the API defaults to the last 24 hours. */
  from?: string;
  to?: string;
  host?: string;
  dataset?: string;
  /** With `dataset`: one event type, e.g. "process_creation". */
  action?: string;
  /** Event code, e.g. "4624" or "1". */
  code?: string;
  /** One import's events (worker/http/routes/imports.ts). */
  import?: string;
  /** The events one alert links, by its id. */
  alert?: string;
  /** `field:value` terms, ANDed (see worker/search/event-filter.ts parseTerm). */
  term?: string[];
  /** A query in the search language (README "Search language"), e.g. `Image:*\cmd.exe and not user.name:SYSTEM`. */
  q?: string;
}

export interface EventPage extends CursorPage {
  events: EventRecord[];
}

export interface EventStats {
  from: string;
  to: string;
  total: number;
  by_dataset: { dataset: string; count: number }[];
  by_host: { host: string | null; count: number }[];
  /** Counts by event type (dataset + action), not narrowed by a selected `dataset`/`action`. */
  by_type: { dataset: string; action: string | null; count: number }[];
  /** Bucket `ts` is epoch ms at the bucket's start. */
  histogram: { interval_ms: number; buckets: { ts: number; count: number }[] };
}

export interface EventAnswer {
  event: EventRecord;
}
