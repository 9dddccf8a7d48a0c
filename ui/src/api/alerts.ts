import { type CursorPage, queryString, request } from "./client";
import type { EventRecord } from "./events";
import type { AlertException } from "./exceptions";
import type { RuleLevel } from "./rules";

export const ALERT_STATUSES = ["open", "acknowledged", "closed", "false_positive"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert as the list presents it (worker/http/routes/alerts.ts presentAlert). */
export interface Alert {
  id: number;
  rule: { id: string; kind: string; title: string };
  title: string;
  level: RuleLevel;
  tags: string[];
  host: string | null;
  key_fields: Record<string, string>;
  first_seen: string;
  last_seen: string;
  count: number;
  status: AlertStatus;
  assignee: string | null;
  created_at: string;
  updated_at: string;
}

/** An alert event whose stored row has been pruned: only its time and batch remain. */
export interface ExpiredAlertEvent {
  id: null;
  "@timestamp": string;
  batch_id: string | null;
  expired: true;
}

export interface AlertNote {
  id: number;
  author: string;
  text: string;
  created_at: string;
}

export interface AlertDetail extends Alert {
  event_ids: number[];
  /** Newest first, at most 100; `count` says how many matched. */
  events: (EventRecord | ExpiredAlertEvent)[];
  notes: AlertNote[];
}

export interface AlertQuery {
  status?: AlertStatus[];
  /** Minimum level. */
  level?: RuleLevel;
  rule?: string;
  host?: string;
  from?: string;
  to?: string;
}

export interface AlertChanges {
  status?: AlertStatus;
  assignee?: string | null;
  note?: string;
}

type Opts = { signal?: AbortSignal };

export const alertsApi = {
  list: (query: AlertQuery & { limit?: number; cursor?: string | null }, opts?: Opts) =>
    request<{ alerts: Alert[] } & CursorPage>("GET", `/alerts${queryString({ ...query })}`, undefined, opts),
  get: (id: number, opts?: Opts) => request<{ alert: AlertDetail }>("GET", `/alerts/${id}`, undefined, opts),
  update: (id: number, changes: AlertChanges) => request<{ alert: AlertDetail }>("PATCH", `/alerts/${id}`, changes),
  /** An exception from the alert's key field (or its newest event's field); scope "rule" by default. */
  addException: (id: number, body: { field: string; scope?: "rule" | "global"; comment?: string }) =>
    request<{ exception: AlertException }>("POST", `/alerts/${id}/exceptions`, body),
};
