/**
 * sudo's command log line: "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id".
 * A refused attempt puts the reason first ("alice : 3 incorrect password attempts ; TTY=...").
 */
import type { FieldValue } from "../../model/event.ts";
import type { AuthMessage } from "../common/auth-message.ts";
import { lookup } from "../common/values.ts";

// COMMAND comes last and may itself contain " ; ", so it takes the rest of the line.
const SUDO_LINE = /^\s*(?<user>\S+) : (?:(?<settings>.*?) ; )?COMMAND=(?<command>[\s\S]*)$/;
const SETTING = /^(?<key>[A-Z_]+)=(?<value>.*)$/;
const FIELD_BY_SETTING: Record<string, string> = { USER: "sudo.target_user", GROUP: "sudo.target_group" };

export function parseSudo(message: string): AuthMessage | null {
  const groups = SUDO_LINE.exec(message)?.groups;
  if (!groups) return null;
  const { user = "", settings = "", command = "" } = groups;
  const fields: Record<string, FieldValue> = { user, "sudo.command": command };
  const reasons: string[] = [];
  for (const part of settings.split(" ; ")) {
    const setting = SETTING.exec(part.trim())?.groups;
    if (setting?.key) {
      const name = lookup(FIELD_BY_SETTING, setting.key) ?? `sudo.${setting.key.toLowerCase()}`;
      fields[name] = setting.value ?? "";
    } else if (part.trim() !== "") reasons.push(part.trim());
  }
  if (reasons.length > 0) fields["sudo.error"] = reasons.join("; ");
  return {
    columns: {
      category: "process",
      action: "sudo",
      outcome: reasons.length > 0 ? "failure" : "success",
      user,
      process: command.trim().split(/\s+/)[0] || null,
      commandLine: command.trim() || null,
      parentProcess: "sudo",
    },
    fields,
  };
}
