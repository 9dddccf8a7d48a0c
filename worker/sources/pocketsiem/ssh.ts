/**
 * PocketSIEM's `/sshlogin` form. Its agent fills the fields shifted: `logon_type` carries the source
 * address and `process_name` the auth result (" Accepted password ", "Invalid user", ...); both are
 * read for what they really hold, into the same fields the auth-log adapter produces.
 */
import type { FieldValue } from "../../model/event.ts";
import { sourceAddress } from "../common/auth-message.ts";
import { buildEvent, type NormaliseContext, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { type Outcome, text } from "../common/values.ts";

const RESULTS: { pattern: RegExp; action: string; outcome: Outcome }[] = [
  { pattern: /^Accepted (?<method>\S+)/i, action: "ssh_login", outcome: "success" },
  { pattern: /^Failed (?<method>\S+)/i, action: "ssh_login", outcome: "failure" },
  { pattern: /^Invalid user/i, action: "ssh_invalid_user", outcome: "failure" },
  { pattern: /^Invalid credentials/i, action: "ssh_login", outcome: "failure" },
];

/** An unrecognised result is still a logon attempt, with an outcome nobody can vouch for. */
function readResult(result: string | null): { action: string; outcome: Outcome; method?: string | undefined } {
  for (const { pattern, action, outcome } of RESULTS) {
    const match = result === null ? null : pattern.exec(result);
    if (match) return { action, outcome, method: match.groups?.method };
  }
  return { action: "ssh_login", outcome: "unknown" };
}

export function normalisePocketSiemSshLogin(form: Record<string, string>, _ctx: NormaliseContext): NormaliseResult {
  const time = timestampFrom(form, ["date"]);
  if (!time.ok) return time;
  const result = text(form.process_name);
  const { action, outcome, method } = readResult(result);
  const address = text(form.logon_type);
  const source = address === null ? { columns: {}, fields: {} } : sourceAddress(address);
  const user = text(form.osuser);
  const fields: Record<string, FieldValue> = {
    ...source.fields,
    ...(user === null ? {} : { user }),
    ...(result === null ? {} : { "ssh.result": result }),
    ...(method === undefined ? {} : { "ssh.method": method }),
  };
  return buildEvent(
    { ts: time.ts, source: "pocketsiem", dataset: "linux.auth", fields, raw: form },
    {
      ...source.columns,
      host: text(form.host),
      category: "authentication",
      action,
      outcome,
      user,
    },
  );
}
