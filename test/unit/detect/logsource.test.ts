import { describe, expect, it } from "vitest";
import { type Logsource, routeKey, routeKeysForEvent, routesForLogsource } from "../../../worker/detect/logsource.ts";
import type { NormalisedEvent } from "../../../worker/model/event.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { prepared } from "./support/prepared.ts";

function keysOf(logsource: Logsource): string[] | null {
  return routesForLogsource(LOGSOURCES, logsource)?.map(routeKey) ?? null;
}

function reaches(logsource: Logsource, event: NormalisedEvent): boolean {
  const keys = keysOf(logsource);
  return keys === null || routeKeysForEvent(LOGSOURCES, event).some((key) => keys.includes(key));
}

function windowsEvent(channel: string, eventId: number, extra: Record<string, unknown> = {}): NormalisedEvent {
  return prepared({ Channel: channel, EventID: eventId, TimeCreated: "2026-11-23T08:00:00Z", ...extra });
}

const SYSMON = "Microsoft-Windows-Sysmon/Operational";

describe("routesForLogsource: Windows", () => {
  it("routes process_creation to Sysmon 1 and Security 4688", () => {
    expect(keysOf({ product: "windows", category: "process_creation" })).toEqual([
      "windows.sysmon_operational|1",
      "windows.security|4688",
    ]);
  });

  it("routes the Sysmon categories to their event IDs, as SigmaHQ's THOR mapping does", () => {
    const table: [string, string[]][] = [
      ["network_connection", ["3"]],
      ["image_load", ["7"]],
      ["process_access", ["10"]],
      ["file_event", ["11"]],
      ["registry_event", ["12", "13", "14"]],
      ["registry_set", ["13"]],
      ["registry_delete", ["12"]],
      ["pipe_created", ["17", "18"]],
      ["wmi_event", ["19", "20", "21"]],
      ["dns_query", ["22"]],
      ["file_delete", ["23"]],
    ];
    for (const [category, codes] of table) {
      expect(keysOf({ product: "windows", category }), category).toEqual(
        codes.map((code) => `windows.sysmon_operational|${code}`),
      );
    }
  });

  it("routes PowerShell categories to both PowerShell channels, and the classic ones to Windows PowerShell", () => {
    expect(keysOf({ product: "windows", category: "ps_script" })).toEqual([
      "windows.powershell_operational|4104",
      "windows.powershellcore_operational|4104",
    ]);
    expect(keysOf({ product: "windows", category: "ps_classic_start" })).toEqual(["windows.powershell|400"]);
  });

  it("routes services to every event of their channel's dataset", () => {
    expect(keysOf({ product: "windows", service: "security" })).toEqual(["windows.security|*"]);
    expect(keysOf({ product: "windows", service: "sysmon" })).toEqual(["windows.sysmon_operational|*"]);
    expect(keysOf({ product: "windows", service: "windefend" })).toEqual(["windows.windows_defender_operational|*"]);
    expect(keysOf({ product: "windows", service: "taskscheduler" })).toEqual(["windows.taskscheduler_operational|*"]);
    expect(keysOf({ product: "windows", service: "bits-client" })).toEqual(["windows.bits_client_operational|*"]);
    expect(keysOf({ product: "windows", service: "application" })).toEqual(["windows.application|*"]);
  });

  it("routes the product-less antivirus category to Defender's detection events", () => {
    const keys = keysOf({ category: "antivirus" });
    expect(keys).toContain("windows.windows_defender_operational|1116");
    expect(keys).not.toContain("windows.windows_defender_operational|*");
  });

  it("routes a logsource it has no table entry for to the dataset it names, not to every event", () => {
    expect(keysOf({ product: "windows", service: "some-new-log" })).toEqual(["windows.some_new_log|*"]);
    expect(keysOf({ product: "windows", category: "file_access" })).toEqual(["windows.kernel_file_analytic|*"]);
  });

  it("applies a bare product: windows rule, or an empty logsource, to every event", () => {
    expect(routesForLogsource(LOGSOURCES, { product: "windows" })).toBeNull();
    expect(routesForLogsource(LOGSOURCES, {})).toBeNull();
  });

  it("reads logsource values case-insensitively", () => {
    expect(keysOf({ product: "Windows", category: "Process_Creation" })).toEqual(
      keysOf({ product: "windows", category: "process_creation" }),
    );
  });
});

describe("routesForLogsource: other products", () => {
  it("routes Linux auth services to linux.auth and categories to Sysmon for Linux", () => {
    expect(keysOf({ product: "linux", service: "auth" })).toEqual(["linux.auth|*"]);
    expect(keysOf({ product: "linux", service: "sshd" })).toEqual(["linux.auth|*"]);
    expect(keysOf({ product: "linux", service: "auditd" })).toEqual(["linux.auditd|*"]);
    expect(keysOf({ product: "linux", category: "process_creation" })).toEqual(["linux.sysmon_operational|1"]);
  });

  it("routes Zeek services to zeek.<log> and cloud services to <product>.<service>", () => {
    expect(keysOf({ product: "zeek", service: "http" })).toEqual(["zeek.http|*"]);
    expect(keysOf({ product: "aws", service: "cloudtrail" })).toEqual(["aws.cloudtrail|*"]);
    expect(keysOf({ product: "gcp", service: "gcp.audit" })).toEqual(["gcp.audit|*"]);
    expect(keysOf({ product: "opencanary", category: "application" })).toEqual(["opencanary.application|*"]);
  });

  it("routes product-less web and DNS categories to Zeek and to a dataset of the category's name", () => {
    expect(keysOf({ category: "proxy" })).toEqual(["zeek.http|*", "proxy|*"]);
    expect(keysOf({ category: "dns" })).toEqual(["zeek.dns|*", "dns|*"]);
    expect(keysOf({ category: "webserver" })).toEqual(["webserver|*"]);
  });
});

describe("routeKeysForEvent with events from the real adapters", () => {
  const sysmonProcess = windowsEvent(SYSMON, 1, { Image: "C:\\a.exe" });
  const securityProcess = windowsEvent("Security", 4688, { NewProcessName: "C:\\a.exe" });
  const sysmonNetwork = windowsEvent(SYSMON, 3);

  it("sends process creations from Sysmon and Security to process_creation rules, nothing else", () => {
    const processCreation = { product: "windows", category: "process_creation" };
    expect(reaches(processCreation, sysmonProcess)).toBe(true);
    expect(reaches(processCreation, securityProcess)).toBe(true);
    expect(reaches(processCreation, sysmonNetwork)).toBe(false);
    expect(reaches({ product: "windows", service: "security" }, securityProcess)).toBe(true);
    expect(reaches({ product: "windows", service: "security" }, sysmonProcess)).toBe(false);
  });

  it("sends channels the ingest has no name for to their service's rules", () => {
    const defender = windowsEvent("Microsoft-Windows-Windows Defender/Operational", 1116);
    expect(reaches({ product: "windows", service: "windefend" }, defender)).toBe(true);
    expect(reaches({ category: "antivirus" }, defender)).toBe(true);
    const task = windowsEvent("Microsoft-Windows-TaskScheduler/Operational", 129);
    expect(reaches({ product: "windows", service: "taskscheduler" }, task)).toBe(true);
    const bits = windowsEvent("Microsoft-Windows-Bits-Client/Operational", 16403);
    expect(reaches({ product: "windows", service: "bits-client" }, bits)).toBe(true);
  });

  it("sends a PocketSIEM event without an event ID to every Sysmon rule, registry ones included", () => {
    const item = prepared(
      { date: "/Date(1700000000000)/", host: "PC01", event: "Registry value set", image: "C:\\a.exe", details: "x" },
      "pocketsiem.events",
    );
    expect(item.eventCode).toBeNull();
    expect(reaches({ product: "windows", category: "registry_set" }, item)).toBe(true);
    expect(reaches({ product: "windows", service: "sysmon" }, item)).toBe(true);
    expect(reaches({ product: "windows", service: "security" }, item)).toBe(false);
  });

  it("sends Zeek, Linux auth and labelled generic records to their rules", () => {
    const http = prepared({ ts: 1700000000, _path: "http", "id.orig_h": "10.0.0.5", uri: "/" });
    expect(reaches({ product: "zeek", service: "http" }, http)).toBe(true);
    expect(reaches({ category: "proxy" }, http)).toBe(true);
    const sshd = prepared({ message: "Nov 23 08:00:00 web1 sshd[1]: Invalid user admin from 203.0.113.5 port 22" });
    expect(reaches({ product: "linux", service: "sshd" }, sshd)).toBe(true);
    const web = prepared({ timestamp: "2026-11-23T08:00:00Z", dataset: "webserver", "cs-method": "GET" });
    expect(reaches({ category: "webserver" }, web)).toBe(true);
    expect(reaches({ product: "windows", category: "process_creation" }, web)).toBe(false);
  });
});
