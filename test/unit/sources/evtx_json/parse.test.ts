/**
 * Fixtures are trimmed copies of SigmaHQ regression samples (regression_data/...):
 * - evtx-json-sysmon-process-creation: rules/windows/process_creation/proc_creation_win_driverquery_recon
 * - evtx-json-security-4648: rules/windows/builtin/security/win_security_explicit_credential_local_logon
 * - evtx-json-wmi-userdata: rules/windows/builtin/wmi/win_wmi_activity_nteventlogfile_cleareventlog
 * - evtx-json-sysmon-registry-delete: rules/windows/registry/registry_delete/registry_delete_runmru
 * evtx-json-system-data-array is hand-written in evtx_dump's shape for events whose EventData is a
 * list of named <Data> elements and whose EventID carries Qualifiers (classic System log).
 */
import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import security4648 from "../../../fixtures/ingest/evtx-json-security-4648.json";
import sysmonProcess from "../../../fixtures/ingest/evtx-json-sysmon-process-creation.json";
import registryDelete from "../../../fixtures/ingest/evtx-json-sysmon-registry-delete.json";
import systemDataArray from "../../../fixtures/ingest/evtx-json-system-data-array.json";
import wmiUserData from "../../../fixtures/ingest/evtx-json-wmi-userdata.json";
import { ctx, errorOf, eventOf } from "../helpers.ts";

function withSystem(system: Record<string, unknown>): unknown {
  return { Event: { System: { ...sysmonProcess.Event.System, ...system }, EventData: sysmonProcess.Event.EventData } };
}

describe("nested EVTX-JSON (evtx_dump)", () => {
  it("maps a Sysmon process creation to the indexed columns", () => {
    const event = eventOf(normaliseRecord(sysmonProcess, ctx));
    expect(event).toMatchObject({
      ts: Date.parse("2025-10-26T23:53:43.425Z"),
      host: "ar-win-dc.attackrange.local",
      source: "evtx_json",
      dataset: "windows.sysmon_operational",
      eventCode: "1",
      category: "process",
      action: "process_creation",
      outcome: null,
      user: "ATTACKRANGE\\Administrator",
      process: "C:\\Windows\\System32\\driverquery.exe",
      commandLine: '"C:\\Windows\\System32\\driverquery.exe"',
      parentProcess: "C:\\Windows\\System32\\mshta.exe",
      srcIp: null,
      dstPort: null,
    });
    expect(event.raw).toBe(sysmonProcess);
  });

  it("flattens System with friendly names and keeps EventData fields by their own names", () => {
    const { fields } = eventOf(normaliseRecord(sysmonProcess, ctx));
    expect(fields).toMatchObject({
      Channel: "Microsoft-Windows-Sysmon/Operational",
      EventID: 1,
      Computer: "ar-win-dc.attackrange.local",
      Provider_Name: "Microsoft-Windows-Sysmon",
      Provider_Guid: "5770385F-C22A-43E0-BF4C-06F5698FFBD9",
      EventRecordID: 33534161,
      ProcessID: 3308,
      ThreadID: 4008,
      TimeCreated: "2025-10-26T23:53:43.425641Z",
      Security_UserID: "S-1-5-18",
      Image: "C:\\Windows\\System32\\driverquery.exe",
      OriginalFileName: "drvqry.exe",
      ParentCommandLine: "mshta  \"javascript:new ActiveXObject('WScript.Shell').Run('driverquery.exe');close();\"",
    });
  });

  it("maps a Security 4648 logon: TargetUserName as user, ProcessName as process, '-' address dropped", () => {
    const event = eventOf(normaliseRecord(security4648, ctx));
    expect(event).toMatchObject({
      dataset: "windows.security",
      eventCode: "4648",
      category: "authentication",
      action: "explicit_credential_logon",
      outcome: "success",
      user: "testuser",
      process: "C:\\Users\\xodih\\OneDrive\\Desktop\\LegacyHive.exe",
      srcIp: null,
      srcPort: null,
    });
    expect(event.fields).toMatchObject({
      TargetDomainName: "swachchhanda",
      IpAddress: "-",
      Correlation_ActivityID: "C96B491C-1545-0001-6049-6BC94515DD01",
    });
  });

  it("lifts UserData fields out of their template element to the top level", () => {
    const event = eventOf(normaliseRecord(wmiUserData, ctx));
    expect(event).toMatchObject({
      dataset: "windows.wmi_activity_operational",
      eventCode: "5858",
      category: null,
      user: "swachchhanda\\xodih",
    });
    expect(event.fields.Operation).toContain("cleareventlog");
    expect(event.fields).toMatchObject({ ClientProcessId: 25920, ResultCode: "0x80041003" });
    expect(
      Object.keys(event.fields).some((key) => key.includes("Operation_ClientFailure") || key.includes("xmlns")),
    ).toBe(false);
  });

  it("classifies Sysmon 12 with EventType DeleteKey as registry_delete and skips EventData's attributes", () => {
    const event = eventOf(normaliseRecord(registryDelete, ctx));
    expect(event).toMatchObject({
      category: "registry",
      action: "registry_delete",
      process: "C:\\Windows\\system32\\reg.exe",
    });
    expect(event.fields.TargetObject).toMatch(/RunMRU$/);
    expect(Object.keys(event.fields).some((key) => key.includes("#attributes"))).toBe(false);
  });

  it("reads EventID given as {#text, #attributes} and named Data elements", () => {
    const event = eventOf(normaliseRecord(systemDataArray, ctx));
    expect(event).toMatchObject({
      ts: Date.parse("2024-01-02T03:04:05.123Z"),
      dataset: "windows.system",
      eventCode: "7045",
      category: "configuration",
      action: "service_install",
    });
    expect(event.fields).toMatchObject({
      EventID: 7045,
      EventID_Qualifiers: 16384,
      Provider_EventSourceName: "Service Control Manager",
      ServiceName: "PSEXESVC",
      ImagePath: "%SystemRoot%\\PSEXESVC.exe",
      AccountName: "LocalSystem",
    });
  });

  it("collects unnamed Data elements of classic events into a Data list", () => {
    const record = {
      Event: {
        System: {
          EventID: 1000,
          Channel: "Application",
          TimeCreated: { "#attributes": { SystemTime: "2024-01-02T03:04:05Z" } },
        },
        EventData: { Data: { "#text": ["app.exe", "1.0.0.0"] }, Binary: "00AA" },
      },
    };
    const event = eventOf(normaliseRecord(record, ctx));
    expect(event.dataset).toBe("windows.application");
    expect(event.fields).toMatchObject({ Data: ["app.exe", "1.0.0.0"], Binary: "00AA" });
  });

  it("falls back to EventData.UtcTime when System has no TimeCreated", () => {
    const event = eventOf(normaliseRecord(withSystem({ TimeCreated: undefined }), ctx));
    expect(event.ts).toBe(Date.parse("2025-10-26T23:53:43.425Z"));
  });

  it("rejects an unparsable TimeCreated, naming the field", () => {
    const error = errorOf(
      normaliseRecord(withSystem({ TimeCreated: { "#attributes": { SystemTime: "yesterday" } } }), ctx),
    );
    expect(error).toBe("timestamp 'yesterday' in field 'TimeCreated' is not a date");
  });

  it("rejects an event without any timestamp", () => {
    const record = { Event: { System: { EventID: 1, Channel: "Security" }, EventData: {} } };
    expect(errorOf(normaliseRecord(record, ctx))).toBe("no parsable timestamp (looked for TimeCreated, UtcTime)");
  });

  it("rejects a missing or non-numeric EventID", () => {
    expect(errorOf(normaliseRecord(withSystem({ EventID: undefined }), ctx))).toBe("EventID is missing");
    expect(errorOf(normaliseRecord(withSystem({ EventID: { "#text": "abc" } }), ctx))).toBe(
      "EventID 'abc' is not a number",
    );
  });
});
