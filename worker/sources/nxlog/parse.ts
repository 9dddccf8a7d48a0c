/**
 * NXLog's `im_msvistalog` records as `to_json()` writes them: System values under NXLog's own names
 * (`Hostname`, `SourceName`, `EventTime`...), EventData fields beside them at the top level, and
 * NXLog's additions (the rendered `Message`, `Severity`, the SID's account lookup...). They are
 * rebuilt into the record the EdgeSIEM Windows agent sends for the same event (System values by the
 * agent's names, EventData fields as text) and read as one, so rules, searches and the Events page
 * see the same dataset and fields whichever shipper sent it. NXLog's additions and a shipper's
 * (`@timestamp`, `tags`...) stay in the stored original only.
 */
import type { FieldValue } from "../../model/event.ts";
import { flatten } from "../common/flatten.ts";
import { buildEvent, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { lookup, text, toInteger } from "../common/values.ts";
import { readEventId, windowsColumns } from "../common/windows-columns.ts";
import { nxlogEventTime } from "./event-time.ts";

type Json = Record<string, unknown>;

export function isNxlog(record: Json): boolean {
  return (
    typeof record.Channel === "string" &&
    record.EventID !== undefined &&
    typeof record.Hostname === "string" &&
    record.Computer === undefined
  );
}

/** NXLog's names for the System values, and the agent's (EdgeSiemRecord.ps1). */
const SYSTEM_NAMES: Record<string, string> = {
  Hostname: "Computer",
  SourceName: "Provider_Name",
  ProviderGuid: "Provider_Guid",
  EventID: "EventID",
  Version: "Version",
  Level: "Level",
  Task: "Task",
  OpcodeValue: "Opcode",
  Keywords: "Keywords",
  RecordNumber: "EventRecordID",
  ActivityID: "Correlation_ActivityID",
  RelatedActivityID: "Correlation_RelatedActivityID",
  // NXLog Agent says ExecutionProcessID; NXLog Community Edition, ProcessID.
  ExecutionProcessID: "ProcessID",
  ProcessID: "ProcessID",
  ThreadID: "ThreadID",
  Channel: "Channel",
  UserID: "Security_UserID",
};

/** System values the agent sends as numbers. */
const INTEGER_SYSTEM = new Set([
  "EventID",
  "Version",
  "Level",
  "Task",
  "Opcode",
  "EventRecordID",
  "ProcessID",
  "ThreadID",
]);

/** What NXLog and the shippers behind it add to an event; no Windows event carries these. */
const ADDED_FIELDS = new Set([
  "EventTime",
  "EventReceivedTime",
  "TimeCreated",
  "SourceModuleName",
  "SourceModuleType",
  "Severity",
  "SeverityValue",
  "Category",
  "Message",
  "ERROR_EVT_UNRESOLVED",
  "@timestamp",
  "@version",
  "tags",
  "host",
  "port",
  // The OTRF datasets' Logstash pipeline copied EventType under this (misspelt) name.
  "EventTypeOrignal",
]);

/** NXLog's EventType is the severity in words; Sysmon's EventData has an EventType of its own ("SetValue"). */
const NXLOG_EVENT_TYPES = new Set([
  "CRITICAL",
  "ERROR",
  "AUDIT_FAILURE",
  "AUDIT_SUCCESS",
  "INFO",
  "WARNING",
  "VERBOSE",
]);
/** NXLog looks the event's SID (UserID) up and adds the account it names under these. */
const ACCOUNT_LOOKUP = ["AccountName", "Domain", "AccountType"];

function isAdded(record: Json, name: string): boolean {
  if (ADDED_FIELDS.has(name)) return true;
  if (name === "EventType") return typeof record.EventType === "string" && NXLOG_EVENT_TYPES.has(record.EventType);
  // The opcode's name; its number is OpcodeValue.
  if (name === "Opcode") return record.OpcodeValue !== undefined || toInteger(record.Opcode) === null;
  return record.UserID !== undefined && ACCOUNT_LOOKUP.includes(name);
}

/**
 * Windows writes keywords as 64-bit hex ("0x8020000000000000"); NXLog as the same bits in a signed
 * decimal, which JSON carries exactly for the high-bit masks Windows uses.
 */
function keywordsHex(value: unknown): FieldValue {
  if (typeof value === "string" && /^0x[0-9a-f]+$/i.test(value.trim())) return value.trim().toLowerCase();
  let bits: bigint | null = null;
  if (typeof value === "number" && Number.isInteger(value)) bits = BigInt(value);
  else if (typeof value === "string" && /^\s*-?\d{1,20}\s*$/.test(value)) bits = BigInt(value.trim());
  if (bits === null) return text(value);
  return `0x${BigInt.asUintN(64, bits).toString(16).padStart(16, "0")}`;
}

function systemValue(name: string, value: unknown): unknown {
  if (name === "Keywords") return keywordsHex(value);
  if (INTEGER_SYSTEM.has(name)) return toInteger(value) ?? value;
  return value;
}

/** EventData values are XML text: the agent sends them as strings, whatever type NXLog gave them. */
function dataValue(value: unknown): unknown {
  return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
}

/** The agent's record of the event: System values by the agent's names, then EventData fields. */
function agentRecordOf(record: Json, timeCreated: number): Json {
  const agent: Json = Object.create(null);
  const payload: [string, unknown][] = [];
  for (const [name, value] of Object.entries(record)) {
    const systemName = lookup(SYSTEM_NAMES, name);
    if (systemName !== undefined) {
      if (value !== null && value !== "") agent[systemName] = systemValue(systemName, value);
    } else if (!isAdded(record, name)) {
      payload.push([name, dataValue(value)]);
    }
  }
  agent.TimeCreated = new Date(timeCreated).toISOString();
  // Classic events (Windows PowerShell 400/600/800) carry only unnamed <Data> values, which NXLog
  // does not forward but renders into Message; the agent sends them as `Data`, so rules on it match.
  if (payload.length === 0 && typeof record.Message === "string") payload.push(["Data", [record.Message]]);
  // System values win over a payload field of the same name, as in the agent.
  for (const [name, value] of payload) if (!(name in agent)) agent[name] = value;
  return agent;
}

export function normaliseNxlog(record: Json): NormaliseResult {
  const eventId = readEventId(record.EventID);
  if (!eventId.ok) return eventId;
  const logged = nxlogEventTime(record);
  if (!logged.ok) return logged;
  const agent = agentRecordOf(record, logged.ts);
  // As for the agent: Sysmon's UtcTime is when the event happened, TimeCreated when it was logged.
  const time = timestampFrom(agent, ["UtcTime", "TimeCreated"]);
  if (!time.ok) return time;
  const fields = flatten(agent);
  const { dataset, ...columns } = windowsColumns(fields);
  return buildEvent({ ts: time.ts, source: "nxlog", dataset, fields, raw: record }, columns);
}
