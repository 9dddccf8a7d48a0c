import { describe, expect, it } from "vitest";
import { formatOfStoredEvent, renormalise } from "../../../worker/ingest/stored-event.ts";

const row = (source: string, dataset: string, eventCode: string | null) => ({ source, dataset, eventCode });

describe("formatOfStoredEvent", () => {
  it("reads records recognised by shape with auto-detection", () => {
    expect(formatOfStoredEvent(row("evtx", "windows.sysmon_operational", "1"))).toBe("auto");
    expect(formatOfStoredEvent(row("zeek", "zeek.http", null))).toBe("auto");
  });

  it("reads Falco alerts and each PocketSIEM list with the format its endpoint named", () => {
    expect(formatOfStoredEvent(row("falco", "falco.alerts", null))).toBe("falco");
    expect(formatOfStoredEvent(row("pocketsiem", "linux.auth", null))).toBe("pocketsiem.sshlogin");
    expect(formatOfStoredEvent(row("pocketsiem", "windows.security", "4625"))).toBe("pocketsiem.logins");
    expect(formatOfStoredEvent(row("pocketsiem", "windows.sysmon_operational", "1"))).toBe("pocketsiem.processes");
    expect(formatOfStoredEvent(row("pocketsiem", "windows.sysmon_operational", "3"))).toBe("pocketsiem.nets");
    expect(formatOfStoredEvent(row("pocketsiem", "windows.sysmon_operational", "11"))).toBe("pocketsiem.files");
    expect(formatOfStoredEvent(row("pocketsiem", "windows.sysmon_operational", null))).toBe("pocketsiem.events");
  });
});

describe("renormalise", () => {
  it("gives back the normalised event of a stored record", () => {
    const raw = {
      Channel: "Microsoft-Windows-Sysmon/Operational",
      EventID: 1,
      Computer: "WS01",
      UtcTime: "2026-11-23 06:54:08.120",
      Image: "C:\\Windows\\System32\\whoami.exe",
      CommandLine: "whoami /all",
    };
    const event = renormalise({
      ...row("evtx", "windows.sysmon_operational", "1"),
      raw: JSON.stringify(raw),
      receivedAt: 0,
    });
    expect(event).toMatchObject({ host: "WS01", dataset: "windows.sysmon_operational", commandLine: "whoami /all" });
    expect(event?.fields.Image).toBe("C:\\Windows\\System32\\whoami.exe");
  });

  it("answers null for a record that is not JSON any more", () => {
    expect(renormalise({ ...row("evtx", "x", null), raw: "{broken", receivedAt: 0 })).toBeNull();
  });
});
