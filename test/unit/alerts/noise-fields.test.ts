import { describe, expect, it } from "vitest";
import { leastVaryingFields, MAX_NOISE_FIELDS, MAX_NOISE_VALUE } from "../../../worker/alerts/noise-fields.ts";
import { createEventView } from "../../../worker/detect/event-view.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { prepared, processStart } from "../../support/workers/alert-events.ts";

function views(records: readonly Record<string, unknown>[]) {
  return prepared(records).map((p) => createEventView(p.event, FIELD_MAP));
}

describe("leastVaryingFields", () => {
  it("offers each field's most shared value, the most shared first, with the share its exception would suppress", () => {
    const fields = leastVaryingFields(
      "rule-a",
      views([
        processStart({ host: "WS01", commandLine: "whoami /all" }),
        processStart({ host: "ws01", commandLine: "whoami /priv" }),
        processStart({ host: "WS02", commandLine: "whoami /all" }),
        processStart({ host: "WS01", commandLine: "whoami /user", user: "CORP\\alice" }),
      ]),
      ["host.name", "user.name", "process.command_line"],
    );
    expect(fields).toEqual([
      { field: "host.name", value: "WS01", alerts: 3, share: 0.75 },
      { field: "user.name", value: "CORP\\bob", alerts: 3, share: 0.75 },
      { field: "process.command_line", value: "whoami /all", alerts: 2, share: 0.5 },
    ]);
  });

  it("leaves out a value no two events share, unless only one event was read", () => {
    const two = views([processStart({ commandLine: "a" }), processStart({ commandLine: "b" })]);
    expect(leastVaryingFields("rule-a", two, ["process.command_line"])).toEqual([]);
    const one = views([processStart({ commandLine: "a" })]);
    expect(leastVaryingFields("rule-a", one, ["process.command_line"])).toEqual([
      { field: "process.command_line", value: "a", alerts: 1, share: 1 },
    ]);
  });

  it("never offers a value longer than the bound, nor one spelled like an IP list reference", () => {
    const long = "A".repeat(MAX_NOISE_VALUE + 1);
    const events = views([
      processStart({ commandLine: long, user: "@list:office" }),
      processStart({ commandLine: long, user: "@list:office" }),
    ]);
    expect(leastVaryingFields("rule-a", events, ["process.command_line", "user.name"])).toEqual([]);
  });

  it("offers at most a few fields, and nothing for no events", () => {
    const events = views([processStart({}), processStart({})]);
    expect(leastVaryingFields("rule-a", events).length).toBeLessThanOrEqual(MAX_NOISE_FIELDS);
    expect(leastVaryingFields("rule-a", events).map((f) => f.field)).toContain("process.parent.executable");
    expect(leastVaryingFields("rule-a", [])).toEqual([]);
  });
});
