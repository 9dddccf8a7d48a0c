import type { EventRecord } from "./events.ts";
import type { AlertException } from "./exceptions.ts";
import type { CursorPage } from "./page.ts";
import type { RuleLevel } from "./rules.ts";

export type AlertStatus = "open" | "acknowledged" | "closed" | "false_positive";

/** An alert as the list presents it (worker/http/routes/alerts.ts presentAlert). */
export interface Alert {
  id: number;
  rule: { id: string; kind: "sigma" | "simple" | "correlation"; title: string };
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
  batch_id: string;
  expired: true;
}

export interface AlertNote {
  id: number;
  author: string;
  text: string;
  created_at: string;
}

/** One status or assignee change: who, from what to what (null: unassigned), when. */
export interface AlertHistoryEntry {
  id: number;
  actor: string;
  field: "status" | "assignee";
  from: string | null;
  to: string | null;
  at: string;
}

/** The rule as the alert page shows it; description and lists are empty once the rule left the rule set. */
export interface AlertRuleDetail {
  id: string;
  kind: "sigma" | "simple" | "correlation";
  title: string;
  description: string | null;
  references: string[];
  falsepositives: string[];
}

/** A host or user an alert's events name, and how many of its linked events name it. */
export interface NamedCount {
  name: string;
  events: number;
}

/**
 * Who a correlation alert's events concern: the distinct hosts and users of the events it links,
 * most events first (at most 10 of each), and how many distinct there are. `linked` is how many
 * events it links; `count` is every event that contributed, a flood's unlinked middle included.
 */
export interface AlertContributors {
  linked: number;
  hosts: NamedCount[];
  host_total: number;
  users: NamedCount[];
  user_total: number;
}

export interface AlertDetail extends Alert {
  rule: AlertRuleDetail;
  event_ids: number[];
  /** Newest first, at most 100; `count` says how many matched. */
  events: (EventRecord | ExpiredAlertEvent)[];
  /** For a correlation alert; null for the others, whose one host is `host`. */
  contributors: AlertContributors | null;
  /** The newest stored event's fields by their native names (as rules and exceptions read them). */
  matching_event: { id: number; fields: Record<string, string> } | null;
  notes: AlertNote[];
  history: AlertHistoryEntry[];
}

/** A process in the alert's context (worker/alerts/context.ts ProcessNode). */
export interface ProcessNode {
  /** `guid:…` or `pid:…`: how the events name the process. */
  key: string;
  guid: string | null;
  pid: string | null;
  image: string | null;
  command_line: string | null;
  user: string | null;
  /** ISO time of its start event; null when known only from its children or its activity. */
  started_at: string | null;
  /** The start event, when it is in the window. */
  event_id: number | null;
  /** True when no start event was seen: the node was inferred from a child's parent fields or from activity. */
  inferred: boolean;
  /** How many other events in the window (network, file, registry…) name this process. */
  activity: number;
  children: ProcessNode[];
}

export interface TimelineLane {
  label: string;
  count: number;
  points: { id: number; ts: string; summary: string; matched: boolean }[];
}

export interface ContextEvent {
  id: number;
  "@timestamp": string;
  dataset: string;
  event_code: string | null;
  action: string | null;
  process: string | null;
  command_line: string | null;
  user: string | null;
  /** One of the alert's own events. */
  matched: boolean;
}

/** GET /alerts/:id/context: the host's events around the alert's newest event. */
export interface AlertContext {
  alert_id: number;
  host: string | null;
  minutes: number;
  center: string;
  from: string;
  to: string;
  /** More events than the API returns lie in the window. */
  truncated: boolean;
  events: ContextEvent[];
  tree: { roots: ProcessNode[]; focus: string | null; truncated: boolean };
  timeline: TimelineLane[];
}

export interface AlertQuery {
  status?: AlertStatus[];
  /** Minimum level. */
  level?: RuleLevel;
  rule?: string;
  host?: string;
  /** Alerts one import's events raised or added to. */
  import?: string;
  from?: string;
  to?: string;
}

export interface AlertChanges {
  status?: AlertStatus;
  assignee?: string | null;
  note?: string;
}

export interface AlertPage extends CursorPage {
  alerts: Alert[];
}

/** GET, PATCH /alerts/:id. */
export interface AlertAnswer {
  alert: AlertDetail;
}

/** PATCH /alerts: ids the API does not know come back in `not_found`. */
export interface AlertBulkAnswer {
  updated: number[];
  not_found: number[];
}

/** POST /alerts/:id/exceptions. */
export interface AlertExceptionAnswer {
  exception: AlertException;
}
