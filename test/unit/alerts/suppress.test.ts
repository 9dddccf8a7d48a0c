import { describe, expect, it } from "vitest";
import { ExceptionFilter } from "../../../worker/alerts/suppress.ts";
import { createEventView } from "../../../worker/detect/event-view.ts";
import { parseCidr } from "../../../worker/detect/sigma/cidr.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { prepared, processStart } from "../../support/workers/alert-events.ts";

function viewOf(record: Record<string, unknown>) {
  const [first] = prepared([record]);
  if (!first) throw new Error("no event");
  return createEventView(first.event, FIELD_MAP);
}

const whoami = viewOf(processStart({ image: "C:\\Windows\\System32\\whoami.exe", user: "CORP\\svc_backup" }));

describe("ExceptionFilter", () => {
  it("suppresses a hit of any rule when a global exception's field equals the event's value", () => {
    const filter = new ExceptionFilter([{ id: 1, field: "User", value: "CORP\\svc_backup", ruleId: null }]);
    expect(filter.suppress("rule-a", whoami)).toBe(1);
    expect(filter.suppress("rule-b", whoami)).toBe(1);
  });

  it("compares values ignoring case", () => {
    const filter = new ExceptionFilter([
      { id: 1, field: "Image", value: "c:\\windows\\system32\\WHOAMI.EXE", ruleId: null },
    ]);
    expect(filter.suppress("rule-a", whoami)).toBe(1);
  });

  it("reads the field by any name the field map knows", () => {
    const filter = new ExceptionFilter([
      { id: 7, field: "process.executable", value: "C:\\Windows\\System32\\whoami.exe", ruleId: null },
    ]);
    expect(filter.suppress("rule-a", whoami)).toBe(7);
  });

  it("applies a scoped exception only to its own rule", () => {
    const filter = new ExceptionFilter([{ id: 2, field: "User", value: "corp\\svc_backup", ruleId: "rule-a" }]);
    expect(filter.suppress("rule-a", whoami)).toBe(2);
    expect(filter.suppress("rule-b", whoami)).toBeNull();
  });

  it("needs equality, not a substring, and lets hits through when the field is absent", () => {
    const filter = new ExceptionFilter([
      { id: 1, field: "Image", value: "whoami.exe", ruleId: null },
      { id: 2, field: "TargetFilename", value: "x", ruleId: null },
    ]);
    expect(filter.suppress("rule-a", whoami)).toBeNull();
  });

  it("counts suppressed hits per exception", () => {
    const filter = new ExceptionFilter([
      { id: 1, field: "User", value: "CORP\\svc_backup", ruleId: "rule-a" },
      { id: 2, field: "Image", value: "C:\\Windows\\System32\\whoami.exe", ruleId: null },
    ]);
    filter.suppress("rule-a", whoami);
    filter.suppress("rule-b", whoami);
    filter.suppress("rule-b", whoami);
    expect([...filter.counts()].sort()).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("suppresses by an allow list when the field's address is inside one of its networks", () => {
    const connection = (destination: string) =>
      viewOf({
        Channel: "Microsoft-Windows-Sysmon/Operational",
        EventID: 3,
        Computer: "ws01.corp.example",
        UtcTime: "2026-11-23 10:00:00.000",
        Image: "C:\\Windows\\explorer.exe",
        DestinationIp: destination,
      });
    const servers = [parseCidr("10.1.0.0/16"), parseCidr("192.0.2.7")].flatMap((n) => (n === null ? [] : [n]));
    const filter = new ExceptionFilter([
      { id: 3, field: "DestinationIp", value: "@list:file_servers", ruleId: null, networks: servers },
    ]);
    expect(filter.suppress("rule-a", connection("10.1.44.2"))).toBe(3);
    expect(filter.suppress("rule-a", connection("192.0.2.7"))).toBe(3);
    expect(filter.suppress("rule-a", connection("192.0.2.8"))).toBeNull();
  });

  it("suppresses nothing by a list reference that resolved to no networks", () => {
    const filter = new ExceptionFilter([{ id: 4, field: "User", value: "@list:gone", ruleId: null, networks: [] }]);
    expect(filter.suppress("rule-a", whoami)).toBeNull();
  });
});
