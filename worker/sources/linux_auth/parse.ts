/**
 * Linux auth-log lines shipped as `{"message": "<syslog line>", "host": ..., "@timestamp"?: ...}`:
 * the syslog prefix always, plus sshd logons and sudo commands when the message is one of those.
 */
import type { AuthMessage } from "../common/auth-message.ts";
import { flatten } from "../common/flatten.ts";
import { buildEvent, type NormaliseContext, type NormaliseResult } from "../common/result.ts";
import { isAbsent, type TimestampResult, timestampFrom } from "../common/timestamp.ts";
import { firstText, quote } from "../common/values.ts";
import { parseSshd } from "./sshd.ts";
import { parseSudo } from "./sudo.ts";
import { parseSyslogPrefix, type SyslogPrefix, syslogTimestamp } from "./syslog.ts";

type Json = Record<string, unknown>;

/** A shipper's own stamp carries the year and zone an RFC 3164 prefix lacks, so it wins when present. */
const SHIPPER_TIMESTAMPS = ["@timestamp", "timestamp"];

export function isLinuxAuth(record: Json): boolean {
  return typeof record.message === "string" && parseSyslogPrefix(record.message) !== null;
}

function eventTime(record: Json, prefix: SyslogPrefix, receivedAt: number): TimestampResult {
  if (SHIPPER_TIMESTAMPS.some((field) => !isAbsent(record[field]))) return timestampFrom(record, SHIPPER_TIMESTAMPS);
  const ts = syslogTimestamp(prefix.date, receivedAt);
  if (ts === null) return { ok: false, error: `timestamp ${quote(prefix.date)} in field 'message' is not a date` };
  return { ok: true, ts };
}

/** sshd-session is the per-connection process of OpenSSH 9.8+, which now writes the logon lines. */
function parseMessage(program: string, message: string): AuthMessage | null {
  if (program === "sshd" || program === "sshd-session") return parseSshd(message);
  if (program === "sudo") return parseSudo(message);
  return null;
}

export function normaliseLinuxAuth(record: Json, ctx: NormaliseContext): NormaliseResult {
  const prefix = typeof record.message === "string" ? parseSyslogPrefix(record.message) : null;
  if (prefix === null) return { ok: false, error: "message is not a syslog line" };
  const time = eventTime(record, prefix, ctx.receivedAt);
  if (!time.ok) return time;
  const parsed = parseMessage(prefix.program, prefix.message);
  const fields = flatten(record);
  Object.assign(fields, {
    message: prefix.message,
    "log.syslog.hostname": prefix.hostname,
    "process.name": prefix.program,
    ...(prefix.pid === null ? {} : { "process.pid": prefix.pid }),
    ...parsed?.fields,
  });
  return buildEvent(
    { ts: time.ts, source: "linux_auth", dataset: "linux.auth", fields, raw: record },
    {
      host: firstText(fields, ["host", "host.name", "hostname"]) ?? prefix.hostname,
      category: "authentication",
      // The logging program is the process here; sudo's own mapping names the command it ran instead.
      process: prefix.program,
      ...parsed?.columns,
    },
  );
}
