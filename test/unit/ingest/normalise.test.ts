import { describe, expect, it } from "vitest";
import { normaliseRecord } from "../../../worker/ingest/normalise.ts";
import sysmonProcess from "../../fixtures/ingest/evtx-json-sysmon-process-creation.json";
import { ctx, errorOf, eventOf } from "../sources/helpers.ts";

const sourceOf = (record: unknown) => eventOf(normaliseRecord(record, ctx)).source;

describe("normaliseRecord dispatch", () => {
  it("rejects values that are not JSON objects", () => {
    for (const value of ["text", 42, true, null, undefined]) {
      expect(errorOf(normaliseRecord(value, ctx))).toBe("event is not a JSON object");
    }
  });

  it("rejects arrays with their own message", () => {
    expect(errorOf(normaliseRecord([{ ts: 1 }], ctx))).toBe("event is a JSON array, not a JSON object");
  });

  it("detects each format by its shape", () => {
    expect(sourceOf(sysmonProcess)).toBe("evtx_json");
    expect(sourceOf({ Channel: "Security", EventID: 4624, TimeCreated: "2024-01-02T03:04:05Z" })).toBe("evtx");
    expect(sourceOf({ "@timestamp": "2024-01-02T03:04:05Z", event: { kind: "event" } })).toBe("ecs");
    expect(sourceOf({ ts: 1_700_000_000, _path: "conn" })).toBe("zeek");
    expect(sourceOf({ message: "Nov 23 06:54:07 web1 sshd[1]: x" })).toBe("linux_auth");
    expect(sourceOf({ ts: 1_700_000_000, msg: "x" })).toBe("generic");
  });

  it("checks nested EVTX before flat EVTX, flat EVTX before ECS, ECS before Zeek, Zeek before auth lines", () => {
    expect(sourceOf({ ...sysmonProcess, Channel: "Security", EventID: 1 })).toBe("evtx_json");
    expect(
      sourceOf({ Channel: "Security", EventID: 4624, TimeCreated: "2024-01-02T03:04:05Z", "event.kind": "x" }),
    ).toBe("evtx");
    expect(sourceOf({ "@timestamp": "2024-01-02T03:04:05Z", "process.pid": 1, _path: "conn" })).toBe("ecs");
    expect(sourceOf({ ts: 1_700_000_000, "id.orig_h": "10.0.0.1", message: "Nov 23 06:54:07 h sshd[1]: x" })).toBe(
      "zeek",
    );
  });

  it("does not treat a plain 'event' string or an Event without System as a known format", () => {
    expect(sourceOf({ ts: 1_700_000_000, event: "login" })).toBe("generic");
    expect(sourceOf({ ts: 1_700_000_000, Event: { EventData: {} } })).toBe("generic");
  });
});
