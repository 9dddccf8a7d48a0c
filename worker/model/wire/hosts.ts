/** One host as GET /hosts describes it (worker/http/routes/hosts.ts). Times are ISO strings. */
export interface Host {
  name: string;
  first_seen: string;
  /** When a batch from it last arrived. */
  last_seen: string;
  /** The newest event time it has sent. */
  last_event_at: string;
  events_24h: number;
  events_per_hour: number;
  /** What it sent in the 24 h up to its last event, most first. */
  datasets: { source: string; dataset: string; events: number }[];
  /** The agent token of its last batch; `name` is null for a token no longer known. */
  token: { id: string; name: string | null; revoked: boolean } | null;
  /** Median gap between the minutes its batches arrived in, over the last day; null with too few. */
  median_gap_minutes: number | null;
  expected_interval_minutes: number;
  /** Which limit set the expectation: its own cadence, or the threshold. */
  expected_basis: "cadence" | "threshold";
  silent: boolean;
}

/** The silence rule's parameters, so the page explains the rule the server applied. */
export interface SilenceRule {
  window_hours: number;
  silence_factor: number;
  min_gaps: number;
  threshold_minutes: number;
}

export interface HostList {
  generated_at: string;
  rule: SilenceRule;
  hosts: Host[];
}
