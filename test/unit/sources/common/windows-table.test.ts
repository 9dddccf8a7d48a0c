import { describe, expect, it } from "vitest";
import { windowsDataset } from "../../../../worker/sources/common/windows-dataset.ts";
import { windowsCodeInfo } from "../../../../worker/sources/common/windows-table.ts";

describe("windowsDataset", () => {
  it("names the well-known channels the way analysts know them", () => {
    expect(windowsDataset("Microsoft-Windows-Sysmon/Operational")).toBe("windows.sysmon_operational");
    expect(windowsDataset("Security")).toBe("windows.security");
    expect(windowsDataset("Microsoft-Windows-PowerShell/Operational")).toBe("windows.powershell_operational");
    expect(windowsDataset("Windows PowerShell")).toBe("windows.powershell");
    expect(windowsDataset("System")).toBe("windows.system");
  });

  it("matches channel names case-insensitively, as Windows does", () => {
    expect(windowsDataset("microsoft-windows-sysmon/operational")).toBe("windows.sysmon_operational");
  });

  it("derives other datasets from the lower-cased channel with non-alphanumerics as '_'", () => {
    expect(windowsDataset("Application")).toBe("windows.application");
    expect(windowsDataset("MSExchange Management")).toBe("windows.msexchange_management");
  });

  it("drops the Microsoft-Windows- prefix, as the Sysmon and PowerShell datasets do", () => {
    expect(windowsDataset("Microsoft-Windows-TaskScheduler/Operational")).toBe("windows.taskscheduler_operational");
    expect(windowsDataset("Microsoft-Windows-Windows Defender/Operational")).toBe(
      "windows.windows_defender_operational",
    );
    expect(windowsDataset("Microsoft-Windows-Bits-Client/Operational")).toBe("windows.bits_client_operational");
  });

  it("names Sysmon for Linux's channel as a Linux dataset", () => {
    expect(windowsDataset("Linux-Sysmon/Operational")).toBe("linux.sysmon_operational");
  });

  it("does not resolve channel names that are Object.prototype members", () => {
    expect(windowsDataset("constructor")).toBe("windows.constructor");
  });
});

describe("windowsCodeInfo", () => {
  const sysmon = "windows.sysmon_operational";
  const security = "windows.security";

  it("maps Sysmon codes to Sigma category names as the action", () => {
    expect(windowsCodeInfo(sysmon, 1, {})).toEqual({ category: "process", action: "process_creation", outcome: null });
    expect(windowsCodeInfo(sysmon, 3, {})).toMatchObject({ category: "network", action: "network_connection" });
    expect(windowsCodeInfo(sysmon, 13, {})).toMatchObject({ category: "registry", action: "registry_set" });
    expect(windowsCodeInfo(sysmon, 22, {})).toMatchObject({ category: "network", action: "dns_query" });
  });

  it("tells Sysmon 12 registry deletions from additions by EventType", () => {
    expect(windowsCodeInfo(sysmon, 12, { EventType: "CreateKey" })?.action).toBe("registry_add");
    expect(windowsCodeInfo(sysmon, 12, { EventType: "DeleteKey" })?.action).toBe("registry_delete");
    expect(windowsCodeInfo(sysmon, 12, { EventType: "DeleteValue" })?.action).toBe("registry_delete");
    expect(windowsCodeInfo(sysmon, 12, { EventType: "constructor" })?.action).toBe("registry_add");
  });

  it("gives Security logons their fixed outcome", () => {
    expect(windowsCodeInfo(security, 4624, {})).toEqual({
      category: "authentication",
      action: "logon",
      outcome: "success",
    });
    expect(windowsCodeInfo(security, 4625, {})?.outcome).toBe("failure");
    expect(windowsCodeInfo(security, 4771, {})?.outcome).toBe("failure");
  });

  it("reads the outcome of 4776/4768/4769 from Status", () => {
    expect(windowsCodeInfo(security, 4776, { Status: "0x0" })?.outcome).toBe("success");
    expect(windowsCodeInfo(security, 4776, { Status: "0xc000006a" })?.outcome).toBe("failure");
    expect(windowsCodeInfo(security, 4768, { Status: "0x6" })?.outcome).toBe("failure");
    expect(windowsCodeInfo(security, 4769, {})?.outcome).toBe("unknown");
  });

  it("maps process creation, IAM, service, task, log-clearing and PowerShell codes", () => {
    expect(windowsCodeInfo(security, 4688, {})).toMatchObject({ category: "process", action: "process_creation" });
    expect(windowsCodeInfo(security, 4732, {})).toMatchObject({ category: "iam", action: "group_member_added" });
    expect(windowsCodeInfo(security, 4697, {})?.action).toBe("service_install");
    expect(windowsCodeInfo("windows.system", 7045, {})?.action).toBe("service_install");
    expect(windowsCodeInfo(security, 4698, {})?.action).toBe("scheduled_task_created");
    expect(windowsCodeInfo(security, 1102, {})?.action).toBe("log_cleared");
    expect(windowsCodeInfo("windows.powershell_operational", 4104, {})?.action).toBe("ps_script");
  });

  it("knows nothing of codes outside the table or of a missing code", () => {
    expect(windowsCodeInfo(security, 9999, {})).toBeNull();
    expect(windowsCodeInfo("windows.application", 1000, {})).toBeNull();
    expect(windowsCodeInfo(sysmon, null, {})).toBeNull();
  });
});
