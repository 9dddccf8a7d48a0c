import type {
  AlertAnswer,
  AlertBulkAnswer,
  AlertChanges,
  AlertContext,
  AlertExceptionAnswer,
  AlertPage,
  AlertQuery,
  AlertStatus,
} from "../../../worker/model/wire/alerts.ts";

export type {
  Alert,
  AlertChanges,
  AlertContext,
  AlertDetail,
  AlertHistoryEntry,
  AlertNote,
  AlertQuery,
  AlertRuleDetail,
  AlertStatus,
  ContextEvent,
  ExpiredAlertEvent,
  ProcessNode,
  TimelineLane,
} from "../../../worker/model/wire/alerts.ts";

import { queryString, request } from "./client";

export const ALERT_STATUSES = [
  "open",
  "acknowledged",
  "closed",
  "false_positive",
] as const satisfies readonly AlertStatus[];
type Opts = { signal?: AbortSignal };

export const alertsApi = {
  list: (query: AlertQuery & { limit?: number; cursor?: string | null }, opts?: Opts) =>
    request<AlertPage>("GET", `/alerts${queryString({ ...query })}`, undefined, opts),
  get: (id: number, opts?: Opts) => request<AlertAnswer>("GET", `/alerts/${id}`, undefined, opts),
  update: (id: number, changes: AlertChanges) => request<AlertAnswer>("PATCH", `/alerts/${id}`, changes),
  /** One status for many alerts, in one step; ids the API does not know come back in `not_found`. */
  bulkUpdate: (ids: readonly number[], status: AlertStatus) =>
    request<AlertBulkAnswer>("PATCH", "/alerts", { ids, status }),
  context: (id: number, minutes: number, opts?: Opts) =>
    request<AlertContext>("GET", `/alerts/${id}/context${queryString({ minutes })}`, undefined, opts),
  /** An exception from the alert's key field (or its newest event's field); scope "rule" by default. */
  addException: (id: number, body: { field: string; scope?: "rule" | "global"; comment?: string }) =>
    request<AlertExceptionAnswer>("POST", `/alerts/${id}/exceptions`, body),
};
