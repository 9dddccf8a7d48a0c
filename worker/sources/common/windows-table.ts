/**
 * What a Windows event is, by dataset and event code: the one table behind the category, action
 * and outcome columns. Actions reuse the Sigma logsource category names where Sigma has one, so the
 * rule index and the analyst see the same words.
 */
import type { FieldValue } from "../../model/event.ts";
import { lookup, type Outcome, text } from "./values.ts";

/** `status` means the outcome is read from the event's `Status` (Kerberos / NTLM result code). */
type OutcomeRule = Outcome | "status";

interface CodeEntry {
  category: string;
  action: string;
  outcome?: OutcomeRule;
  /** Sysmon 12 covers both creation and deletion; EventType tells them apart. */
  actionByEventType?: Record<string, string>;
}

export interface CodeInfo {
  category: string;
  action: string;
  outcome: Outcome | null;
}

const REGISTRY_DELETE = { DeleteKey: "registry_delete", DeleteValue: "registry_delete" };

const CODES: Record<string, Record<string, CodeEntry>> = {
  "windows.sysmon_operational": {
    1: { category: "process", action: "process_creation" },
    2: { category: "file", action: "file_change" },
    3: { category: "network", action: "network_connection" },
    4: { category: "configuration", action: "sysmon_status" },
    5: { category: "process", action: "process_termination" },
    6: { category: "driver", action: "driver_load" },
    7: { category: "library", action: "image_load" },
    8: { category: "process", action: "create_remote_thread" },
    9: { category: "file", action: "raw_access_thread" },
    10: { category: "process", action: "process_access" },
    11: { category: "file", action: "file_event" },
    12: { category: "registry", action: "registry_add", actionByEventType: REGISTRY_DELETE },
    13: { category: "registry", action: "registry_set" },
    14: { category: "registry", action: "registry_rename" },
    15: { category: "file", action: "create_stream_hash" },
    16: { category: "configuration", action: "sysmon_status" },
    17: { category: "file", action: "pipe_created" },
    18: { category: "file", action: "pipe_created" },
    19: { category: "configuration", action: "wmi_event" },
    20: { category: "configuration", action: "wmi_event" },
    21: { category: "configuration", action: "wmi_event" },
    22: { category: "network", action: "dns_query" },
    23: { category: "file", action: "file_delete" },
    24: { category: "process", action: "clipboard_change" },
    25: { category: "process", action: "process_tampering" },
    26: { category: "file", action: "file_delete_detected" },
    27: { category: "file", action: "file_block_executable" },
    28: { category: "file", action: "file_block_shredding" },
    29: { category: "file", action: "file_executable_detected" },
  },
  "windows.security": {
    1102: { category: "configuration", action: "log_cleared" },
    4624: { category: "authentication", action: "logon", outcome: "success" },
    4625: { category: "authentication", action: "logon_failed", outcome: "failure" },
    4634: { category: "authentication", action: "logoff", outcome: "success" },
    4647: { category: "authentication", action: "logoff", outcome: "success" },
    4648: { category: "authentication", action: "explicit_credential_logon", outcome: "success" },
    4672: { category: "authentication", action: "special_privileges_logon", outcome: "success" },
    4688: { category: "process", action: "process_creation" },
    4689: { category: "process", action: "process_termination" },
    4697: { category: "configuration", action: "service_install" },
    4698: { category: "configuration", action: "scheduled_task_created" },
    4699: { category: "configuration", action: "scheduled_task_deleted" },
    4700: { category: "configuration", action: "scheduled_task_enabled" },
    4701: { category: "configuration", action: "scheduled_task_disabled" },
    4702: { category: "configuration", action: "scheduled_task_updated" },
    4720: { category: "iam", action: "user_created" },
    4722: { category: "iam", action: "user_enabled" },
    4723: { category: "iam", action: "password_change" },
    4724: { category: "iam", action: "password_reset" },
    4725: { category: "iam", action: "user_disabled" },
    4726: { category: "iam", action: "user_deleted" },
    4727: { category: "iam", action: "group_created" },
    4728: { category: "iam", action: "group_member_added" },
    4729: { category: "iam", action: "group_member_removed" },
    4730: { category: "iam", action: "group_deleted" },
    4731: { category: "iam", action: "group_created" },
    4732: { category: "iam", action: "group_member_added" },
    4733: { category: "iam", action: "group_member_removed" },
    4734: { category: "iam", action: "group_deleted" },
    4735: { category: "iam", action: "group_changed" },
    4737: { category: "iam", action: "group_changed" },
    4738: { category: "iam", action: "user_changed" },
    4768: { category: "authentication", action: "kerberos_tgt_request", outcome: "status" },
    4769: { category: "authentication", action: "kerberos_service_ticket_request", outcome: "status" },
    4771: { category: "authentication", action: "kerberos_preauth_failed", outcome: "failure" },
    4776: { category: "authentication", action: "credential_validation", outcome: "status" },
  },
  "windows.system": {
    104: { category: "configuration", action: "log_cleared" },
    7045: { category: "configuration", action: "service_install" },
  },
  "windows.powershell_operational": {
    4103: { category: "process", action: "ps_module" },
    4104: { category: "process", action: "ps_script" },
  },
  "windows.powershell": {
    400: { category: "process", action: "ps_classic_start" },
    600: { category: "process", action: "ps_classic_provider_start" },
    800: { category: "process", action: "ps_classic_script" },
  },
};

function statusOutcome(status: FieldValue | undefined): Outcome {
  const value = text(status);
  if (value === null) return "unknown";
  return /^(?:0x)?0+$/i.test(value) ? "success" : "failure";
}

export function windowsCodeInfo(
  dataset: string,
  code: number | null,
  fields: Record<string, FieldValue>,
): CodeInfo | null {
  const table = lookup(CODES, dataset);
  const entry = code === null || !table ? undefined : lookup(table, String(code));
  if (!entry) return null;
  const eventType = text(fields.EventType);
  const byType = eventType !== null && entry.actionByEventType ? lookup(entry.actionByEventType, eventType) : undefined;
  const action = byType ?? entry.action;
  const outcome = entry.outcome === "status" ? statusOutcome(fields.Status) : (entry.outcome ?? null);
  return { category: entry.category, action, outcome };
}
