/**
 * Zeek JSON logs (one log line per record, `id.orig_h`-style dotted keys, `ts` in epoch seconds or
 * ISO), and Zeek's TSV logs once read into the same records (formats/zeek/tsv.ts). The log type is
 * `_path`, or for the JSON writer's per-log files, which have none, the log whose fields the
 * record has (log-type.ts). The ECS fields of the mapped logs (ecs.ts) are added to the event's
 * fields and to the record it stores, beside Zeek's own, so the events search finds
 * `url.extension: bat` in what the store keeps; they are derived again, the same, when a stored
 * record is read back.
 */
import type { FieldValue } from "../../model/event.ts";
import { flatten } from "../common/flatten.ts";
import { buildEvent, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { firstText, isRecord, lookup, type Outcome, text, toIp, toPort } from "../common/values.ts";
import { zeekEcsFields } from "./ecs.ts";
import { zeekLogTypeOf } from "./log-type.ts";

type Json = Record<string, unknown>;

const CATEGORY_BY_LOG: Record<string, string> = {
  conn: "network",
  dns: "network",
  ssl: "network",
  ssh: "network",
  dhcp: "network",
  ntp: "network",
  rdp: "network",
  smtp: "network",
  ftp: "network",
  http: "web",
  files: "file",
  smb_files: "file",
  kerberos: "authentication",
  ntlm: "authentication",
  radius: "authentication",
  notice: "intrusion_detection",
  weird: "intrusion_detection",
};

/** Whether a record has a field by its dotted name, written flat (`"id.orig_h"`) or nested. */
function hasField(record: Json, name: string): boolean {
  if (record[name] !== undefined) return true;
  const dot = name.indexOf(".");
  if (dot < 0) return false;
  const parent = record[name.slice(0, dot)];
  return isRecord(parent) && hasField(parent, name.slice(dot + 1));
}

export function isZeek(record: Json): boolean {
  return (
    record._path !== undefined ||
    hasField(record, "id.orig_h") ||
    (record.ts !== undefined && zeekLogTypeOf((name) => hasField(record, name)) !== null)
  );
}

/** The log's own name for what happened: a notice's type, a weird's name. */
function actionOf(log: string | null, fields: Record<string, FieldValue>): string | null {
  if (log === "notice") return text(fields.note);
  if (log === "weird") return text(fields.name);
  return null;
}

/** Logs not in the table are network traffic if they carry a connection id, unknown otherwise. */
function categoryOf(log: string | null, fields: Record<string, FieldValue>): string | null {
  const known = log === null ? undefined : lookup(CATEGORY_BY_LOG, log);
  return known ?? (fields["id.orig_h"] === undefined ? null : "network");
}

/** ssh logs say `auth_success`, kerberos and ntlm say `success`. */
function outcomeOf(fields: Record<string, FieldValue>): Outcome | null {
  const success = fields.auth_success ?? fields.success;
  if (typeof success !== "boolean") return null;
  return success ? "success" : "failure";
}

export function normaliseZeek(record: Json): NormaliseResult {
  const fields = flatten(record);
  const time = timestampFrom(fields, ["ts"]);
  if (!time.ok) return time;
  const path = text(fields._path);
  const log =
    (path ?? zeekLogTypeOf((name) => fields[name] !== undefined))?.toLowerCase().replace(/[^a-z0-9_]/g, "_") ?? null;
  const added: Record<string, FieldValue> = {};
  if (path === null && log !== null) added._path = log;
  for (const [name, value] of Object.entries(zeekEcsFields(log, fields))) {
    if (fields[name] === undefined) added[name] = value;
  }
  Object.assign(fields, added);
  const raw = Object.keys(added).length === 0 ? record : { ...record, ...added };
  return buildEvent(
    { ts: time.ts, source: "zeek", dataset: `zeek.${log ?? "unknown"}`, fields, raw },
    {
      action: actionOf(log, fields),
      // Zeek names the sensor only when the log writer is configured to; otherwise host stays empty.
      host: text(fields._system_name),
      category: categoryOf(log, fields),
      outcome: outcomeOf(fields),
      user: firstText(fields, ["username", "user"]),
      srcIp: toIp(fields["id.orig_h"]),
      srcPort: toPort(fields["id.orig_p"]),
      dstIp: toIp(fields["id.resp_h"]),
      dstPort: toPort(fields["id.resp_p"]),
    },
  );
}
