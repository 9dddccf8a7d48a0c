/** The sshd messages that say who tried to log in from where, and how it ended. */
import type { FieldValue } from "../../model/event.ts";
import { type AuthMessage, sourceAddress } from "../common/auth-message.ts";
import type { Outcome } from "../common/values.ts";

interface SshdMessage {
  action: string;
  outcome: Outcome | null;
  /** Named groups: method, invalid, user, address, port, key, state, preauth. */
  pattern: RegExp;
}

// User names are matched lazily up to " from " / the address, so an empty name ("Invalid user  from")
// still parses; addresses are \S+ so IPv6 needs nothing special.
const SSHD_MESSAGES: SshdMessage[] = [
  {
    action: "ssh_login",
    outcome: "success",
    pattern:
      /^Accepted (?<method>\S+) for (?<user>.*?) from (?<address>\S+) port (?<port>\d+)(?: ssh2)?(?:: (?<key>.*))?$/,
  },
  {
    action: "ssh_login",
    outcome: "failure",
    pattern:
      /^Failed (?<method>\S+) for (?<invalid>invalid user )?(?<user>.*?) from (?<address>\S+) port (?<port>\d+)(?: ssh2)?$/,
  },
  {
    action: "ssh_invalid_user",
    outcome: "failure",
    pattern: /^Invalid user (?<user>.*?) from (?<address>\S+)(?: port (?<port>\d+))?$/,
  },
  {
    action: "ssh_disconnect",
    outcome: null,
    pattern:
      /^Disconnected from (?:(?:(?<state>authenticating|invalid) )?user (?<user>.*?) )?(?<address>\S+) port (?<port>\d+)(?<preauth> \[preauth\])?$/,
  },
  {
    action: "ssh_connection_closed",
    outcome: null,
    pattern:
      /^Connection closed by (?:(?:(?<state>authenticating|invalid) )?user (?<user>.*?) )?(?<address>\S+) port (?<port>\d+)(?<preauth> \[preauth\])?$/,
  },
];

function fromGroups(groups: Record<string, string | undefined>): AuthMessage {
  const { method, user, address = "", port, key, state, preauth } = groups;
  const parsed = sourceAddress(address, port);
  const fields: Record<string, FieldValue> = { ...parsed.fields };
  if (user) fields.user = user;
  if (method) fields["ssh.method"] = method;
  if (key) fields["ssh.key"] = key;
  if (groups.invalid || state === "invalid") fields["ssh.invalid_user"] = true;
  if (preauth) fields["ssh.preauth"] = true;
  return { columns: { ...parsed.columns, user: user || null }, fields };
}

export function parseSshd(message: string): AuthMessage | null {
  for (const { action, outcome, pattern } of SSHD_MESSAGES) {
    const m = pattern.exec(message);
    if (!m?.groups) continue;
    const parsed = fromGroups(m.groups);
    return { columns: { ...parsed.columns, action, outcome }, fields: parsed.fields };
  }
  return null;
}
