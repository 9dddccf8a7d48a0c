import { describe, expect, it } from "vitest";
import { keyFields } from "../../../worker/alerts/key-fields.ts";
import { createEventView } from "../../../worker/detect/event-view.ts";
import type { RuleInfo } from "../../../worker/detect/types.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { prepared, processStart } from "../../support/workers/alert-events.ts";

function rule(fields: string[]): RuleInfo {
  return {
    id: "r",
    name: null,
    title: "t",
    level: "low",
    tags: [],
    kind: "sigma",
    origin: "test",
    description: null,
    status: null,
    author: null,
    references: [],
    falsepositives: [],
    fields,
  };
}

function viewOf(record: unknown) {
  const [first] = prepared([record]);
  if (!first) throw new Error("no event");
  return createEventView(first.event, FIELD_MAP);
}

describe("keyFields", () => {
  const view = viewOf(processStart({ image: "C:\\Tools\\x.exe", commandLine: "x.exe -a", user: "CORP\\bob" }));

  it("uses the rule's own fields when it has them, by the names the rule wrote", () => {
    expect(keyFields(rule(["Image", "User", "NoSuchField"]), view)).toEqual({
      Image: "C:\\Tools\\x.exe",
      User: "CORP\\bob",
    });
  });

  it("defaults to the user, process, command line and parent of host activity", () => {
    expect(keyFields(rule([]), view)).toEqual({
      "user.name": "CORP\\bob",
      "process.executable": "C:\\Tools\\x.exe",
      "process.command_line": "x.exe -a",
      "process.parent.executable": "C:\\Windows\\System32\\cmd.exe",
    });
  });

  it("defaults to the addresses and destination port of network logs, never the source port", () => {
    const conn = viewOf({
      _path: "conn",
      ts: 1795420800.5,
      uid: "C1",
      "id.orig_h": "10.0.0.5",
      "id.orig_p": 50123,
      "id.resp_h": "198.51.100.7",
      "id.resp_p": 443,
      proto: "tcp",
    });
    expect(conn.event.dataset).toBe("zeek.conn");
    expect(keyFields(rule([]), conn)).toEqual({
      "source.ip": "10.0.0.5",
      "destination.ip": "198.51.100.7",
      "destination.port": "443",
    });
  });
});
