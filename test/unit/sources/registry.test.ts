/**
 * The source descriptors are the one place a log source is declared: each consumer (format
 * detection, named formats, field names, alert key fields, quick views) is checked here against what every
 * descriptor says, not against a copy of it; the UI's side is test/browser/source-descriptors.test.ts.
 */
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { keyFields } from "../../../worker/alerts/key-fields.ts";
import { createEventView } from "../../../worker/detect/event-view.ts";
import { createFieldMap } from "../../../worker/detect/field-map.ts";
import type { EventView, RuleInfo } from "../../../worker/detect/types.ts";
import { FORMATS } from "../../../worker/ingest/formats.ts";
import { normaliseRecord } from "../../../worker/ingest/normalise.ts";
import { ECS_COLUMNS, type NormalisedEvent, type SourceName } from "../../../worker/model/event.ts";
import { QUICK_VIEWS } from "../../../worker/search/quick-views.ts";
import { QUICK_VIEW_CLAIMS, SOURCE_DESCRIPTORS } from "../../../worker/sources/descriptors.ts";
import { FIELD_COLUMNS, FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { PARSERS } from "../../../worker/sources/registry.ts";
import { quickViewCondition } from "../../../worker/store/event-search/quick-views.ts";

const ctx = { receivedAt: Date.parse("2026-11-23T12:00:00Z") };

/** One record of each shape source, read by auto-detection. */
const SAMPLES: Record<string, unknown> = {
  evtx_json: {
    Event: {
      System: {
        Channel: "Security",
        EventID: 4624,
        TimeCreated: { "#attributes": { SystemTime: "2026-11-23T08:00:00Z" } },
      },
    },
  },
  nxlog: { Channel: "Security", EventID: 4624, Hostname: "ws01", EventTime: "2026-11-23 08:00:00" },
  evtx: { Channel: "Security", EventID: 4624, TimeCreated: "2026-11-23T08:00:00Z" },
  ecs: { "@timestamp": "2026-11-23T08:00:00Z", event: { code: "1", dataset: "endpoint.events" } },
  zeek: { _path: "conn", ts: 1795420800, "id.orig_h": "10.0.0.1" },
  linux_auth: { message: "Nov 23 08:00:00 web1 sshd[1]: Connection closed by 10.0.0.1 port 22" },
  generic: { dataset: "app.log", time: "2026-11-23T08:00:00Z" },
};

describe("source registry: recognition", () => {
  it("names every source once, and every SourceName has a descriptor", () => {
    const names = SOURCE_DESCRIPTORS.map((descriptor) => descriptor.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(names)).toEqual(new Set(Object.keys(PARSERS) as SourceName[]));
  });

  it("keeps today's detection order: EVTX-JSON, NXLog, flat EVTX, ECS, Zeek, Linux auth, then the fallback", () => {
    const shapes = SOURCE_DESCRIPTORS.filter((d) => d.recognition.by !== "format").map((d) => d.name);
    expect(shapes).toEqual(["evtx_json", "nxlog", "evtx", "ecs", "zeek", "linux_auth", "generic"]);
    expect(SOURCE_DESCRIPTORS.at(-1)?.recognition.by).toBe("fallback");
  });

  it("reads each shape source's record with the parser its descriptor's recognition declares", () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      expect(PARSERS[descriptor.name].by).toBe(descriptor.recognition.by);
      if (descriptor.recognition.by === "format") continue;
      const result = normaliseRecord(SAMPLES[descriptor.name], ctx);
      expect(result.ok && result.event.source).toBe(descriptor.name);
    }
  });

  it("reads exactly the formats the descriptors declare, each by its own source", () => {
    const declared = SOURCE_DESCRIPTORS.flatMap((d) => (d.recognition.by === "format" ? d.recognition.formats : []));
    expect(Object.keys(FORMATS).sort()).toEqual(["auto", ...declared].sort());
    for (const descriptor of SOURCE_DESCRIPTORS) {
      const parser = PARSERS[descriptor.name];
      if (descriptor.recognition.by !== "format" || parser.by !== "format") continue;
      expect(Object.keys(parser.formats)).toEqual([...descriptor.recognition.formats]);
    }
  });
});

const RULE_WITHOUT_FIELDS: RuleInfo = {
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
  fields: [],
};

/** A view of an event of `dataset` that has every field. */
function viewWithEveryField(dataset: string): EventView {
  const event = { dataset } as NormalisedEvent;
  return { event, get: () => "x", getLower: () => "x", allText: () => [] } as unknown as EventView;
}

/** An event with no column and no field set, for reading declared names in isolation. */
function eventWithout(): NormalisedEvent {
  return {
    ts: 0,
    host: null,
    source: "generic",
    dataset: "generic",
    eventCode: null,
    category: null,
    action: null,
    outcome: null,
    user: null,
    process: null,
    commandLine: null,
    parentProcess: null,
    srcIp: null,
    srcPort: null,
    dstIp: null,
    dstPort: null,
    fields: {},
    raw: {},
  };
}

describe("source registry: field names", () => {
  const columnOf = (ecsName: string) =>
    Object.hasOwn(ECS_COLUMNS, ecsName) ? ECS_COLUMNS[ecsName as keyof typeof ECS_COLUMNS] : null;

  it("resolves every declared native name to its ECS field's aliases and normalised column, and back", () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      for (const [ecsName, natives] of Object.entries(descriptor.fieldNames)) {
        const ecs = FIELD_MAP.resolve(ecsName);
        for (const native of natives) {
          const label = `${descriptor.name} ${native} -> ${ecsName}`;
          const resolver = FIELD_MAP.resolve(native);
          expect(resolver.names, label).toContain(ecsName);
          expect(ecs.names, label).toContain(native);
          expect(resolver.column !== null, label).toBe(columnOf(ecsName) !== null);
          const event: NormalisedEvent = { ...eventWithout(), fields: { [native]: "declared value" } };
          expect(createEventView(event, FIELD_MAP).get(ecsName), label).toBe("declared value");
        }
      }
    }
  });

  it("searches the names a source declares as its columns' own in their ECS field's indexed column", () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      for (const native of descriptor.columnNames) {
        const ecsName = Object.keys(descriptor.fieldNames).find((ecs) => descriptor.fieldNames[ecs]?.includes(native));
        expect(ecsName, `${descriptor.name} ${native}`).toBeDefined();
        expect(FIELD_COLUMNS.columnFor(native), `${descriptor.name} ${native}`).toBe(columnOf(ecsName ?? ""));
      }
    }
  });

  it("picks up a new source's field names by their declaration alone", () => {
    const declared = { "source.ip": ["peer_address"], "process.command_line": ["cmd"] };
    const fieldMap = createFieldMap([...SOURCE_DESCRIPTORS.map((source) => source.fieldNames), declared]);
    expect(fieldMap.resolve("SourceIp").names).toContain("peer_address");
    expect(fieldMap.resolve("cmd").names).toEqual(expect.arrayContaining(["CommandLine", "process.command_line"]));
    expect(fieldMap.resolve("cmd").column?.({ ...eventWithout(), commandLine: "whoami" })).toBe("whoami");
    const event: NormalisedEvent = { ...eventWithout(), fields: { peer_address: "198.51.100.7" } };
    expect(createEventView(event, fieldMap).get("SourceIp")).toBe("198.51.100.7");
    expect(FIELD_MAP.resolve("SourceIp").names).not.toContain("peer_address");
  });
});

describe("source registry: alert key fields", () => {
  it("keys an alert without Sigma fields by the fields its source declares for the dataset", () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      for (const pattern of descriptor.datasets) {
        if (pattern === "*") continue;
        const dataset = pattern.endsWith(".*") ? `${pattern.slice(0, -1)}example` : pattern;
        const keys = Object.keys(keyFields(RULE_WITHOUT_FIELDS, viewWithEveryField(dataset)));
        expect(keys, `${descriptor.name} ${dataset}`).toEqual([...descriptor.keyFields]);
      }
    }
  });
});

describe("source registry: quick views", () => {
  const dialect = new SQLiteSyncDialect();

  it('puts every claim a descriptor declares into its view\'s filter and into the claims "other" leaves out', () => {
    for (const descriptor of SOURCE_DESCRIPTORS) {
      for (const claim of descriptor.quickViews) {
        for (const view of QUICK_VIEWS) {
          const { params } = dialect.sqlToQuery(quickViewCondition(view, QUICK_VIEW_CLAIMS));
          const claimed = [claim.dataset, ...(claim.eventCodes ?? []), ...(claim.actions ?? [])];
          const present = claimed.every((value) => params.includes(value));
          if (view === claim.view || view === "other") expect(present, `${claim.dataset} in ${view}`).toBe(true);
        }
      }
    }
  });
});
