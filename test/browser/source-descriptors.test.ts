/**
 * The UI reads the log sources' declarations as data (worker/sources/descriptors.ts): the
 * quick views' raw-field names and the Events page's default columns are checked here against
 * every descriptor, not against a copy. Pure modules: no browser or server is started.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../ui/src/api/events.ts";
import { DEFAULT_COLUMNS } from "../../ui/src/pages/events/event-fields.ts";
import { networkDetail, otherDetail, targetFilename } from "../../ui/src/pages/views/raw-fields.ts";
import { SOURCE_DESCRIPTORS } from "../../worker/sources/descriptors.ts";

function record(dataset: string, raw: Record<string, unknown>): EventRecord {
  return { dataset, raw, command_line: null, action: null } as unknown as EventRecord;
}

describe("source registry: the UI's raw fields and columns", () => {
  it("reads each declared target-file and summary field name", () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      for (const name of descriptor.quickViewFields.targetFilename ?? []) {
        expect(targetFilename(record("any", { [name]: "a.txt" })), name).toBe("a.txt");
      }
      for (const name of descriptor.quickViewFields.summary ?? []) {
        expect(otherDetail(record("any", { [name]: "said" })), name).toBe("said");
      }
    }
  });

  it("builds the network detail from the parts each dataset declares", () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      for (const [dataset, detail] of Object.entries(descriptor.quickViewFields.network ?? {})) {
        const raw = Object.fromEntries(detail.parts.map((names, i) => [names[0], `p${i}`]));
        const expected = detail.parts.map((_, i) => `p${i}`).join(detail.separator ?? "");
        expect(networkDetail(record(dataset === "*" ? "windows.sysmon_operational" : dataset, raw))).toBe(expected);
      }
    }
  });

  it("shows every column any source declares by default on the Events page", () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      for (const column of descriptor.eventColumns) expect(DEFAULT_COLUMNS).toContain(column);
    }
    expect(DEFAULT_COLUMNS).toEqual(["host.name", "event.code", "event.action", "user.name", "process.command_line"]);
  });
});

/** Every module a file imports, transitively, as paths relative to the repository. */
function importGraph(start: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
      if (spec) visit(resolve(dirname(file), spec));
    }
  };
  visit(resolve(start));
  return [...seen].map((file) => relative(process.cwd(), file)).sort();
}

describe("the declarations the UI imports", () => {
  it("pull in no parser: only descriptors, shared declarations and the model's types", () => {
    const graph = importGraph("worker/sources/descriptors.ts");
    const allowed =
      /^worker\/(model\/.*|sources\/(descriptors|\w+\/descriptor|common\/[\w-]*(declarations|activity)|common\/windows-dataset)\.ts)$/;
    expect(graph.filter((file) => !allowed.test(file))).toEqual([]);
  });
});
