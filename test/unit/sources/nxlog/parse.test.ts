import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import type { NormalisedEvent } from "../../../../worker/model/event.ts";
import { nxlogEventTime } from "../../../../worker/sources/nxlog/event-time.ts";
import { ctx, errorOf, eventOf } from "../helpers.ts";

/**
 * Records from the OTRF Security-Datasets (empire_mimikatz_logonpasswords,
 * empire_dllinjection_LoadLibrary_CreateRemoteThread): NXLog im_msvistalog -> to_json -> Logstash,
 * Message and long values shortened.
 */
const nxlog4624 = {
  TargetDomainName: "THESHIRE.LOCAL",
  tags: ["mordorDataset"],
  "@version": "1",
  EventType: "AUDIT_SUCCESS",
  ThreadID: 3392,
  ElevatedToken: "%%1842",
  Channel: "Security",
  OpcodeValue: 0,
  SubjectDomainName: "-",
  Hostname: "MORDORDC.theshire.local",
  "@timestamp": "2020-08-07T14:32:29.369Z",
  Category: "Logon",
  ProcessId: "0x0",
  IpPort: "54212",
  ImpersonationLevel: "%%1833",
  ProcessName: "-",
  KeyLength: "0",
  host: "wec.internal.cloudapp.net",
  SubjectUserName: "-",
  Severity: "INFO",
  LogonProcessName: "Kerberos",
  SeverityValue: 2,
  LogonGuid: "{b11b2054-2976-9513-aba5-ec34450ba878}",
  SourceModuleType: "im_msvistalog",
  SubjectLogonId: "0x0",
  Version: 2,
  EventTime: "2020-08-07 10:32:26",
  Task: 12544,
  SourceName: "Microsoft-Windows-Security-Auditing",
  Opcode: "Info",
  Message: "An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-0-0",
  SourceModuleName: "eventlog",
  TargetLogonId: "0x2b6b6c5",
  TargetUserSid: "S-1-5-18",
  EventReceivedTime: "2020-08-07 10:32:29",
  port: 60122,
  IpAddress: "::1",
  ExecutionProcessID: 704,
  SubjectUserSid: "S-1-0-0",
  TargetUserName: "MORDORDC$",
  EventID: 4624,
  AuthenticationPackageName: "Kerberos",
  ProviderGuid: "{54849625-5478-4994-A5BA-3E3B0328C30D}",
  RecordNumber: 765191,
  // NXLog writes 0x8020000000000000 as a signed decimal: -9214364837600034816.
  Keywords: -(2 ** 63) + 2 ** 53,
  LogonType: "3",
};

/** The same event as the Windows agent sends it (EdgeSiemRecord.ps1: System values, then EventData). */
const agent4624 = {
  Provider_Name: "Microsoft-Windows-Security-Auditing",
  Provider_Guid: "{54849625-5478-4994-A5BA-3E3B0328C30D}",
  EventID: 4624,
  Version: 2,
  Task: 12544,
  Opcode: 0,
  Keywords: "0x8020000000000000",
  TimeCreated: "2020-08-07T14:32:26.4231865Z",
  EventRecordID: 765191,
  ProcessID: 704,
  ThreadID: 3392,
  Channel: "Security",
  Computer: "MORDORDC.theshire.local",
  SubjectUserSid: "S-1-0-0",
  SubjectUserName: "-",
  SubjectDomainName: "-",
  SubjectLogonId: "0x0",
  TargetUserSid: "S-1-5-18",
  TargetUserName: "MORDORDC$",
  TargetDomainName: "THESHIRE.LOCAL",
  TargetLogonId: "0x2b6b6c5",
  LogonType: "3",
  LogonProcessName: "Kerberos",
  AuthenticationPackageName: "Kerberos",
  LogonGuid: "{b11b2054-2976-9513-aba5-ec34450ba878}",
  KeyLength: "0",
  ProcessId: "0x0",
  ProcessName: "-",
  IpAddress: "::1",
  IpPort: "54212",
  ImpersonationLevel: "%%1833",
  ElevatedToken: "%%1842",
};

const nxlogSysmon1 = {
  "@version": "1",
  EventType: "INFO",
  AccountType: "User",
  ThreadID: 4364,
  Channel: "Microsoft-Windows-Sysmon/Operational",
  OpcodeValue: 0,
  OriginalFileName: "whoami.exe",
  Hostname: "WORKSTATION5.theshire.local",
  "@timestamp": "2020-08-07T14:32:47.591Z",
  ParentCommandLine: '"C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -noP -sta -w 1 -enc SQBGACgA',
  ProcessId: "6504",
  ParentProcessId: "1648",
  host: "wec.internal.cloudapp.net",
  Severity: "INFO",
  SeverityValue: 2,
  Image: "C:\\Windows\\System32\\whoami.exe",
  SourceModuleType: "im_msvistalog",
  Version: 5,
  EventTime: "2020-08-07 10:32:45",
  Task: 1,
  SourceName: "Microsoft-Windows-Sysmon",
  Message: "Process Create:\r\nRuleName: -\r\nUtcTime: 2020-08-07 14:32:45.881",
  IntegrityLevel: "High",
  CommandLine: '"C:\\windows\\system32\\whoami.exe" /user',
  ParentImage: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
  SourceModuleName: "eventlog",
  LogonId: "0x2ba622",
  port: 60122,
  AccountName: "SYSTEM",
  EventReceivedTime: "2020-08-07 10:32:47",
  UtcTime: "2020-08-07 14:32:45.881",
  Domain: "NT AUTHORITY",
  ExecutionProcessID: 3284,
  User: "THESHIRE\\pgustavo",
  Hashes: "SHA1=8F1F9E265911956C7F8F3861C34DEF9B8FA63813,MD5=2EEEEC89E705F73FFBCAE014E1828788",
  UserID: "S-1-5-18",
  EventID: 1,
  ProviderGuid: "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
  RecordNumber: 725679,
  // 0x8000000000000000, as NXLog writes it: -9223372036854775808.
  Keywords: -(2 ** 63),
  ProcessGuid: "{297bc33e-660d-5f2d-8407-000000000400}",
  tags: ["mordorDataset"],
  RuleName: "-",
};

const agentSysmon1 = {
  Provider_Name: "Microsoft-Windows-Sysmon",
  Provider_Guid: "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
  EventID: 1,
  Version: 5,
  Task: 1,
  Opcode: 0,
  Keywords: "0x8000000000000000",
  TimeCreated: "2020-08-07T14:32:45.8917734Z",
  EventRecordID: 725679,
  ProcessID: 3284,
  ThreadID: 4364,
  Channel: "Microsoft-Windows-Sysmon/Operational",
  Computer: "WORKSTATION5.theshire.local",
  Security_UserID: "S-1-5-18",
  RuleName: "-",
  UtcTime: "2020-08-07 14:32:45.881",
  ProcessGuid: "{297bc33e-660d-5f2d-8407-000000000400}",
  ProcessId: "6504",
  Image: "C:\\Windows\\System32\\whoami.exe",
  OriginalFileName: "whoami.exe",
  CommandLine: '"C:\\windows\\system32\\whoami.exe" /user',
  User: "THESHIRE\\pgustavo",
  LogonId: "0x2ba622",
  IntegrityLevel: "High",
  Hashes: "SHA1=8F1F9E265911956C7F8F3861C34DEF9B8FA63813,MD5=2EEEEC89E705F73FFBCAE014E1828788",
  ParentProcessId: "1648",
  ParentImage: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
  ParentCommandLine: '"C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -noP -sta -w 1 -enc SQBGACgA',
};

const nxlog4104 = {
  Task: 2,
  EventReceivedTime: "2020-07-22 00:02:34",
  Opcode: "On create calls",
  port: 55069,
  SeverityValue: 1,
  ActivityID: "{1DB9D880-7181-0001-8842-9FF7FC5DD601}",
  Keywords: 0,
  ProviderGuid: "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}",
  "@version": "1",
  MessageNumber: "1",
  ScriptBlockId: "8b0dd1bd-f127-4482-a4a3-a74b2afceec0",
  Version: 1,
  SourceModuleType: "im_msvistalog",
  tags: ["mordorDataset"],
  Domain: "NT AUTHORITY",
  SourceName: "Microsoft-Windows-PowerShell",
  UserID: "S-1-5-18",
  Channel: "Microsoft-Windows-PowerShell/Operational",
  SourceModuleName: "eventlog",
  Category: "Execute a Remote Command",
  MessageTotal: "1",
  "@timestamp": "2020-07-22T04:02:41.216Z",
  Hostname: "MORDORDC.mordor.local",
  ScriptBlockText:
    "Set-Alias -Name gcim -Value Get-CimInstance -Option ReadOnly, AllScope -ErrorAction SilentlyContinue",
  host: "wec.internal.cloudapp.net",
  AccountType: "User",
  AccountName: "SYSTEM",
  ExecutionProcessID: 1156,
  EventType: "VERBOSE",
  OpcodeValue: 15,
  EventTime: "2020-07-22 00:02:33",
  Severity: "DEBUG",
  EventID: 4104,
  ThreadID: 6096,
  RecordNumber: 162791,
};

const agent4104 = {
  Provider_Name: "Microsoft-Windows-PowerShell",
  Provider_Guid: "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}",
  EventID: 4104,
  Version: 1,
  Task: 2,
  Opcode: 15,
  Keywords: "0x0000000000000000",
  TimeCreated: "2020-07-22T04:02:33.0871302Z",
  EventRecordID: 162791,
  Correlation_ActivityID: "{1DB9D880-7181-0001-8842-9FF7FC5DD601}",
  ProcessID: 1156,
  ThreadID: 6096,
  Channel: "Microsoft-Windows-PowerShell/Operational",
  Computer: "MORDORDC.mordor.local",
  Security_UserID: "S-1-5-18",
  MessageNumber: "1",
  MessageTotal: "1",
  ScriptBlockText:
    "Set-Alias -Name gcim -Value Get-CimInstance -Option ReadOnly, AllScope -ErrorAction SilentlyContinue",
  ScriptBlockId: "8b0dd1bd-f127-4482-a4a3-a74b2afceec0",
};

/** The event's fields with TimeCreated as the second it names: NXLog's EventTime has no fraction. */
function comparable(event: NormalisedEvent) {
  const { TimeCreated, ...fields } = event.fields;
  const second = Math.floor(Date.parse(String(TimeCreated)) / 1000);
  return { dataset: event.dataset, host: event.host, fields, second };
}

describe("NXLog im_msvistalog records", () => {
  it.each([
    ["Security 4624", nxlog4624, agent4624],
    ["Sysmon 1", nxlogSysmon1, agentSysmon1],
    ["PowerShell 4104", nxlog4104, agent4104],
  ])("reads a %s with the dataset and fields of the agent's record of the same event", (_, nxlog, agent) => {
    const fromNxlog = eventOf(normaliseRecord(nxlog, ctx));
    const fromAgent = eventOf(normaliseRecord(agent, ctx));
    expect(fromNxlog.source).toBe("nxlog");
    expect(fromAgent.source).toBe("evtx");
    expect(comparable(fromNxlog)).toEqual(comparable(fromAgent));
    const { fields: _nxlogFields, raw: _nxlogRaw, source: _nxlogSource, ts: nxlogTs, ...nxlogColumns } = fromNxlog;
    const { fields: _agentFields, raw: _agentRaw, source: _agentSource, ts: agentTs, ...agentColumns } = fromAgent;
    expect(nxlogColumns).toEqual(agentColumns);
    expect(Math.floor(nxlogTs / 1000)).toBe(Math.floor(agentTs / 1000));
  });

  it("takes the host from Hostname and keeps the NXLog record as the original", () => {
    const event = eventOf(normaliseRecord(nxlog4624, ctx));
    expect(event.host).toBe("MORDORDC.theshire.local");
    expect(event.fields.Provider_Name).toBe("Microsoft-Windows-Security-Auditing");
    expect(event.raw).toBe(nxlog4624);
    expect(event.fields.Message).toBeUndefined();
    expect(event.fields["@timestamp"]).toBeUndefined();
  });

  it("keeps Sysmon's own EventType (SetValue) and drops NXLog's severity word", () => {
    const registry = { ...nxlogSysmon1, EventID: 13, EventType: "SetValue", TargetObject: "HKLM\\x" };
    const event = eventOf(normaliseRecord(registry, ctx));
    expect(event.fields.EventType).toBe("SetValue");
    expect(event.action).toBe("registry_set");
    expect(eventOf(normaliseRecord(nxlogSysmon1, ctx)).fields.EventType).toBeUndefined();
  });

  it("gives a classic PowerShell event, whose unnamed Data NXLog renders only into Message, that Message as Data", () => {
    const classic = {
      EventType: "INFO",
      ThreadID: 0,
      EventTime: "2020-08-07 10:32:45",
      Task: 4,
      Channel: "Windows PowerShell",
      SourceName: "PowerShell",
      Opcode: "Info",
      Hostname: "WORKSTATION5.theshire.local",
      "@timestamp": "2020-08-07T14:32:46.508Z",
      Category: "Engine Lifecycle",
      Message: "Engine state is changed from None to Available. \r\n\r\nDetails: \r\n\tHostName=ConsoleHost",
      EventID: 400,
      RecordNumber: 1698,
      Keywords: 2 ** 55,
    };
    const event = eventOf(normaliseRecord(classic, ctx));
    expect(event.dataset).toBe("windows.powershell");
    expect(event.action).toBe("ps_classic_start");
    expect(event.fields.Data).toEqual([classic.Message]);
    expect(event.fields.Keywords).toBe("0x0080000000000000");
    expect(event.fields.Opcode).toBeUndefined();
  });

  it("rejects a record whose EventTime is not a date, naming the field", () => {
    expect(errorOf(normaliseRecord({ ...nxlog4624, EventTime: "yesterday" }, ctx))).toBe(
      "timestamp 'yesterday' in field 'EventTime' is not a date",
    );
  });
});

describe("NXLog event time", () => {
  const at = (iso: string) => ({ ok: true, ts: Date.parse(iso) });

  it("takes a zoned EventTime as written", () => {
    expect(
      nxlogEventTime({ EventTime: "2024-02-22T20:38:56.221331+01:00", "@timestamp": "2024-02-22T19:39:10Z" }),
    ).toEqual(at("2024-02-22T19:38:56.221Z"));
  });

  it("places a zone-less EventTime in the zone @timestamp implies, keeping its own second", () => {
    expect(nxlogEventTime({ EventTime: "2020-08-07 10:32:26", "@timestamp": "2020-08-07T14:32:29.369Z" })).toEqual(
      at("2020-08-07T14:32:26Z"),
    );
    expect(nxlogEventTime({ EventTime: "2020-08-07 20:02:26", "@timestamp": "2020-08-07T14:32:29.369Z" })).toEqual(
      at("2020-08-07T14:32:26Z"),
    );
  });

  it("does not read a zone from an @timestamp further away than any zone (a file shipped later)", () => {
    expect(nxlogEventTime({ EventTime: "2020-08-07 10:32:26", "@timestamp": "2026-11-23T12:00:00Z" })).toEqual(
      at("2020-08-07T10:32:26Z"),
    );
  });

  it("takes @timestamp when there is no EventTime, and a lone zone-less EventTime as UTC", () => {
    expect(nxlogEventTime({ "@timestamp": "2020-08-07T14:32:29.369Z" })).toEqual(at("2020-08-07T14:32:29.369Z"));
    expect(nxlogEventTime({ TimeCreated: "2020-10-19 03:30:41.104" })).toEqual(at("2020-10-19T03:30:41.104Z"));
  });

  it("names the fields it looked for when there is none", () => {
    expect(nxlogEventTime({})).toEqual({
      ok: false,
      error: "no parsable timestamp (looked for EventTime, TimeCreated, @timestamp)",
    });
  });
});
