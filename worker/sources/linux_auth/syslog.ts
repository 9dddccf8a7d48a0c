/**
 * The syslog prefix of a Linux log line, RFC 3164 ("Nov 23 06:54:07 web1 sshd[1234]: ...") or with
 * an RFC 3339 stamp ("2026-11-23T06:54:07.123456+00:00 web1 sshd[1234]: ..."), as rsyslog writes
 * /var/log/auth.log with its default and its high-precision templates.
 */
import { parseDate } from "../common/timestamp.ts";

export interface SyslogPrefix {
  /** The date exactly as written, for error messages. */
  date: string;
  hostname: string;
  program: string;
  pid: number | null;
  message: string;
}

const DAY_MS = 86_400_000;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const TAIL = String.raw` (\S+) ([^\s[\]:]+)(?:\[(\d+)\])?: ?([\s\S]*)$`;
const MONTH = `(?:${MONTHS.join("|")})`;
const RFC3164 = new RegExp(String.raw`^(?:<\d{1,3}>)?(${MONTH} {1,2}\d{1,2} \d{2}:\d{2}:\d{2})${TAIL}`, "i");
const RFC3339 = new RegExp(
  String.raw`^(?:<\d{1,3}>)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))${TAIL}`,
);
const RFC3164_DATE = new RegExp(String.raw`^(${MONTH}) +(\d{1,2}) (\d{2}:\d{2}:\d{2})$`, "i");

export function parseSyslogPrefix(line: string): SyslogPrefix | null {
  const m = RFC3164.exec(line) ?? RFC3339.exec(line);
  if (!m) return null;
  const [, date = "", hostname = "", program = "", pid, message = ""] = m;
  return { date, hostname, program, pid: pid === undefined ? null : Number(pid), message };
}

/**
 * RFC 3164 dates have no year and no zone: they are read as UTC in the year of `receivedAt`, or the
 * year before when that would put the event more than a day in the future (a December line that
 * arrives in January). Null if the date does not exist ("Feb 30").
 */
export function syslogTimestamp(date: string, receivedAt: number): number | null {
  const m = RFC3164_DATE.exec(date);
  if (!m) return parseDate(date);
  const [, monthName = "", day = "", time = ""] = m;
  const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
  const year = new Date(receivedAt).getUTCFullYear();
  const monthDay = `${String(month).padStart(2, "0")}-${day.padStart(2, "0")}`;
  const thisYear = parseDate(`${year}-${monthDay}T${time}Z`);
  if (thisYear !== null && thisYear <= receivedAt + DAY_MS) return thisYear;
  return parseDate(`${year - 1}-${monthDay}T${time}Z`);
}
