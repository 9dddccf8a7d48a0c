/** Zeek JSON logs (one log line per record, `id.orig_h`-style dotted keys, `ts` in epoch seconds or ISO). */
import type { FieldValue } from "../../model/event.ts";
import { flatten } from "../common/flatten.ts";
import { buildEvent, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { firstText, isRecord, lookup, type Outcome, text, toIp, toPort } from "../common/values.ts";

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

export function isZeek(record: Json): boolean {
  return (
    record._path !== undefined ||
    record["id.orig_h"] !== undefined ||
    (isRecord(record.id) && record.id.orig_h !== undefined)
  );
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
  const log =
    text(fields._path)
      ?.toLowerCase()
      .replace(/[^a-z0-9_]/g, "_") ?? null;
  return buildEvent(
    { ts: time.ts, source: "zeek", dataset: `zeek.${log ?? "unknown"}`, fields, raw: record },
    {
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
