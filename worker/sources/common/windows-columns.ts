/**
 * The indexed columns of a Windows event, read from its native (EVTX/Sysmon) field names. Every
 * Windows-shaped adapter (nested EVTX-JSON, flat agent records, Winlogbeat, PocketSIEM) first
 * rebuilds those native fields and then comes here, so they all map alike.
 */
import type { FieldValue } from "../../model/event.ts";
import type { EventColumns } from "./result.ts";
import { firstText, quote, text, toInteger, toIp, toPort } from "./values.ts";
import { windowsDataset } from "./windows-dataset.ts";
import { windowsCodeInfo } from "./windows-table.ts";

/** Logon events name the account logging on as Target; elsewhere Target is the object acted on. */
const LOGON_USER = ["TargetUserName", "SubjectUserName"];
const ACTOR_USER = ["User", "SubjectUserName", "UserName"];
/** Image (Sysmon), NewProcessName (4688), ProcessName (4624/4625), SourceImage (Sysmon 8/10). */
const PROCESS = ["Image", "NewProcessName", "ProcessName", "SourceImage"];
const PARENT_PROCESS = ["ParentImage", "ParentProcessName"];

export function windowsColumns(fields: Record<string, FieldValue>): Partial<EventColumns> & { dataset: string } {
  const channel = text(fields.Channel);
  const dataset = channel === null ? "windows.unknown" : windowsDataset(channel);
  const code = typeof fields.EventID === "number" ? fields.EventID : null;
  const info = windowsCodeInfo(dataset, code, fields);
  const usesSysmonAddresses = text(fields.SourceIp) !== null;
  return {
    dataset,
    host: text(fields.Computer),
    eventCode: code === null ? null : String(code),
    category: info?.category ?? null,
    action: info?.action ?? null,
    outcome: info?.outcome ?? null,
    user: firstText(fields, info?.category === "authentication" ? LOGON_USER : ACTOR_USER),
    process: firstText(fields, PROCESS),
    commandLine: text(fields.CommandLine),
    parentProcess: firstText(fields, PARENT_PROCESS),
    srcIp: toIp(usesSysmonAddresses ? fields.SourceIp : fields.IpAddress),
    srcPort: toPort(usesSysmonAddresses ? fields.SourcePort : fields.IpPort),
    dstIp: toIp(fields.DestinationIp),
    dstPort: toPort(fields.DestinationPort),
  };
}

/** Rules compare EventID as a number, so every Windows adapter stores it as one. */
export function readEventId(value: unknown): { ok: true; id: number } | { ok: false; error: string } {
  if (value === undefined || value === null || value === "") return { ok: false, error: "EventID is missing" };
  const id = toInteger(value);
  return id === null ? { ok: false, error: `EventID ${quote(value)} is not a number` } : { ok: true, id };
}
