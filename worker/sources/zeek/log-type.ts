/**
 * Which Zeek log a record without `_path` comes from, told by its fields. The JSON writer's
 * per-log files (conn.log written as JSON) carry no `_path`; each log has fields no other has, or
 * no other of the ones read here. A record that fits none stays `zeek.unknown`.
 */
interface Signature {
  log: string;
  /** Fields the log always writes (Zeek's defaults fill them even when the traffic says nothing). */
  all: readonly string[];
  /** Fields that tell a look-alike log apart (sip.log and smtp.log share http.log's trans_depth). */
  none?: readonly string[];
}

const SIGNATURES: readonly Signature[] = [
  { log: "conn", all: ["uid", "id.orig_h", "proto", "conn_state"] },
  { log: "dns", all: ["uid", "id.orig_h", "trans_id", "rejected"], none: ["assigned_addr", "msg_types"] },
  { log: "http", all: ["uid", "id.orig_h", "trans_depth"], none: ["call_id", "helo", "mailfrom", "rcptto"] },
  { log: "ssl", all: ["uid", "id.orig_h", "resumed", "established"] },
  { log: "files", all: ["fuid", "source", "analyzers", "timedout"] },
  { log: "x509", all: ["certificate.serial", "certificate.subject"] },
  { log: "notice", all: ["note", "msg", "actions"] },
  { log: "weird", all: ["name", "notice", "peer"] },
  { log: "dhcp", all: ["uids", "msg_types"] },
];

/** `has` says whether the record has a field, by its flat (dotted) name. */
export function zeekLogTypeOf(has: (name: string) => boolean): string | null {
  const match = SIGNATURES.find(({ all, none = [] }) => all.every(has) && !none.some(has));
  return match?.log ?? null;
}
