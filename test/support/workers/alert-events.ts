/** Small Sysmon and Security records for alert tests, and the prepared events ingest makes of them. */
import { expect } from "vitest";
import { prepareRecord } from "../../../worker/ingest/prepare.ts";
import type { PreparedEvent } from "../../../worker/model/prepared-event.ts";

export const T0 = Date.parse("2026-11-23T08:00:00Z");
export const MINUTE = 60_000;

function utcTime(ts: number): string {
  return new Date(ts).toISOString().replace("T", " ").replace("Z", "");
}

export function processStart(options: {
  at?: number;
  host?: string;
  image?: string;
  commandLine?: string;
  user?: string;
}): Record<string, unknown> {
  const image = options.image ?? "C:\\Windows\\System32\\whoami.exe";
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: options.host ?? "WS01",
    UtcTime: utcTime(options.at ?? T0),
    Image: image,
    CommandLine: options.commandLine ?? `${image} /all`,
    ParentImage: "C:\\Windows\\System32\\cmd.exe",
    User: options.user ?? "CORP\\bob",
  };
}

export function failedLogon(options: { at?: number; host?: string; user?: string; ip?: string }) {
  return {
    Channel: "Security",
    EventID: 4625,
    Computer: options.host ?? "DC01",
    TimeCreated: new Date(options.at ?? T0).toISOString(),
    TargetUserName: options.user ?? "administrator",
    IpAddress: options.ip ?? "203.0.113.50",
    LogonType: "3",
  };
}

export function prepared(records: readonly unknown[]): PreparedEvent[] {
  return records.map((record, index) => {
    const result = prepareRecord(record, index, T0);
    if (!("event" in result)) expect.fail(`record ${index} did not normalise: ${result.error}`);
    return result;
  });
}
