/**
 * The event model (docs/architecture.md): what every source parser produces and what the store writes.
 * Indexed columns carry ECS meaning; `fields` keeps the record's native fields flat (Sysmon/EVTX
 * names such as `Image` stay as they are) so rules and searches resolve them through one field map.
 */
export interface NormalisedEvent {
  /** Event time, epoch milliseconds. */
  ts: number;
  host: string | null;
  /** Which adapter read it: see `SourceName`. */
  source: SourceName;
  /** How analysts know the log: `windows.sysmon_operational`, `windows.security`, `linux.auth`, `zeek.conn`... */
  dataset: string;
  eventCode: string | null;
  category: string | null;
  action: string | null;
  outcome: "success" | "failure" | "unknown" | null;
  user: string | null;
  process: string | null;
  commandLine: string | null;
  parentProcess: string | null;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  /** The record's fields flattened to one level with their native names (nested keys joined by `.`). */
  fields: Record<string, FieldValue>;
  /** The original record, kept whole. */
  raw: unknown;
}

export type FieldValue = string | number | boolean | null | FieldValue[];

export type SourceName =
  | "evtx"
  | "evtx_json"
  | "nxlog"
  | "ecs"
  | "zeek"
  | "linux_auth"
  | "pocketsiem"
  | "falco"
  | "generic";

/** The indexed columns of `events`, by their ECS names. */
export const ECS_COLUMNS = {
  "@timestamp": "ts",
  "host.name": "host",
  "event.dataset": "dataset",
  "event.code": "event_code",
  "event.category": "category",
  "event.action": "action",
  "event.outcome": "outcome",
  "user.name": "user",
  "process.executable": "process",
  "process.command_line": "command_line",
  "process.parent.executable": "parent_process",
  "source.ip": "src_ip",
  "source.port": "src_port",
  "destination.ip": "dst_ip",
  "destination.port": "dst_port",
  "event.module": "source",
} as const;
