import { describe, expect, it } from "vitest";
import { compileDetections, compileRuleSet } from "../../../../worker/detect/compile-rule-set.ts";
import { createEventView } from "../../../../worker/detect/event-view.ts";
import { routeKey, routeKeysForEvent } from "../../../../worker/detect/logsource.ts";
import type { RuleSource } from "../../../../worker/detect/types.ts";
import { prepareRecord } from "../../../../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../../../../worker/model/event.ts";
import { LOGSOURCES } from "../../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../../worker/sources/field-map.ts";
import { loadCorpusRules, loadRegressionSamples } from "../support/sigmahq-corpus.ts";
import { dedent, evtx, processEvent } from "./support.ts";

const rule = (id: string, logsource: string, detection: string) => ({
  origin: `${id}.yml`,
  kind: "sigma" as const,
  text: `title: ${id}\nid: ${id}\nlogsource:\n${logsource}\ndetection:\n${dedent(detection)
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")}\n`,
});

const PROCESS = "    product: windows\n    category: process_creation";

describe("routing", () => {
  const set = compileRuleSet(
    [
      rule("whoami", PROCESS, "sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel"),
      rule("anywhere", "    product: windows", "keywords:\n  - 'whoami'\ncondition: keywords"),
    ],
    { logsources: LOGSOURCES, fieldMap: FIELD_MAP },
  );
  const sysmonProcess = processEvent({ Image: "C:\\Windows\\System32\\whoami.exe" });
  const securityProcess = evtx({
    Channel: "Security",
    EventID: 4688,
    Computer: "ws01",
    TimeCreated: "2026-11-23T08:00:00Z",
    NewProcessName: "C:\\Windows\\System32\\whoami.exe",
  });
  const fileCreated = processEvent({ EventID: 11, Image: "C:\\Windows\\System32\\whoami.exe" });

  it("tries a process_creation rule on Sysmon 1 and Security 4688, through the field map", () => {
    expect(set.match(sysmonProcess).map((m) => m.rule.id)).toEqual(["whoami", "anywhere"]);
    expect(set.match(securityProcess).map((m) => m.rule.id)).toEqual(["whoami", "anywhere"]);
  });

  it("does not try it on other event kinds, even with the same fields", () => {
    expect(set.match(fileCreated).map((m) => m.rule.id)).toEqual(["anywhere"]);
  });

  it("numbers matches by their event's position in the batch", () => {
    const matches = set.matchAll([fileCreated, sysmonProcess]);
    expect(matches.map((m) => [m.eventIndex, m.rule.id])).toEqual([
      [0, "anywhere"],
      [1, "whoami"],
      [1, "anywhere"],
    ]);
  });

  it("puts simple rules and Sigma rules in one set", () => {
    const mixed = compileRuleSet(
      [
        rule("whoami", PROCESS, "sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel"),
        { origin: "simple.txt", kind: "simple", text: "- 'whoami*/all'\n" },
      ],
      { logsources: LOGSOURCES, fieldMap: FIELD_MAP },
    );
    expect(mixed.errors).toEqual([]);
    const event = processEvent({ Image: "C:\\Windows\\System32\\whoami.exe", CommandLine: "whoami /all" });
    expect(mixed.match(event).map((m) => m.rule.kind)).toEqual(["sigma", "simple"]);
  });
});

/** Every rule on every event its routes allow, each with a fresh view: no index, no prefilter. */
function naiveMatches(sources: readonly RuleSource[], events: readonly NormalisedEvent[]): string[] {
  const { detections } = compileDetections(sources, { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
  const out: string[] = [];
  events.forEach((event, i) => {
    const keys = routeKeysForEvent(LOGSOURCES, event);
    const view = createEventView(event, FIELD_MAP);
    for (const detection of detections) {
      const routed = detection.routes === null || detection.routes.some((route) => keys.includes(routeKey(route)));
      if (routed && detection.test(view)) out.push(`${i} ${detection.info.id}`);
    }
  });
  return out;
}

/**
 * The regression samples' events, plus variants that change case (also into the two characters
 * whose lower case is ASCII: KELVIN SIGN and İ), drop the command line or swap values between events.
 */
function mixedEvents(): NormalisedEvent[] {
  const records = loadRegressionSamples().flatMap((sample) => sample.records);
  const variants = records.flatMap((record, i) => {
    const data = (record as { Event?: { EventData?: Record<string, unknown> } }).Event?.EventData;
    if (data === undefined) return [];
    const other = (records[(i + 7) % records.length] as { Event?: { EventData?: Record<string, unknown> } }).Event
      ?.EventData;
    const recased = (change: (text: string) => string) =>
      Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === "string" ? change(v) : v]));
    const upper = recased((text) => text.toUpperCase());
    const unusual = recased((text) => text.toUpperCase().replace(/K/g, "\u212a").replace(/I/g, "\u0130"));
    const { CommandLine: _dropped, ...withoutCommandLine } = data;
    const swapped = { ...data, CommandLine: other?.CommandLine ?? "x", Image: other?.Image ?? "y" };
    return [upper, unusual, withoutCommandLine, swapped].map((eventData) => ({
      Event: { ...(record as { Event: Record<string, unknown> }).Event, EventData: eventData },
    }));
  });
  return [...records, ...variants].flatMap((record, i) => {
    const outcome = prepareRecord(record, i, 0);
    return "event" in outcome ? [outcome.event] : [];
  });
}

describe("the rule index", () => {
  it("finds exactly what trying every routed rule on every event finds (SigmaHQ corpus, mixed events)", () => {
    const sources: RuleSource[] = [
      ...loadCorpusRules(),
      { origin: "simple.txt", kind: "simple", text: "- 'powershell*-enc'\n- 'rundll32*javascript:%mshtml'\n" },
    ];
    const events = mixedEvents();
    expect(events.length).toBeGreaterThan(700);
    const set = compileRuleSet(sources, { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
    expect(set.errors.filter((error) => error.origin === "simple.txt")).toEqual([]);
    const indexed = set.matchAll(events).map((match) => `${match.eventIndex} ${match.rule.id}`);
    const naive = naiveMatches(sources, events);
    expect(naive.length).toBeGreaterThan(200);
    expect(indexed).toEqual(naive);
  });

  it("keeps routing events right after more made-up datasets and codes than it remembers", () => {
    const set = compileRuleSet([rule("whoami", PROCESS, "sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel")], {
      logsources: LOGSOURCES,
      fieldMap: FIELD_MAP,
    });
    const whoami = processEvent({ Image: "C:\\Windows\\System32\\whoami.exe" });
    expect(set.match(whoami).map((m) => m.rule.id)).toEqual(["whoami"]);
    const madeUp = Array.from({ length: 3000 }, (_, i) => ({
      ...whoami,
      dataset: `made.up${i}`,
      eventCode: String(i),
    }));
    expect(set.matchAll(madeUp)).toEqual([]);
    expect(set.match(whoami).map((m) => m.rule.id)).toEqual(["whoami"]);
    expect(set.match({ ...whoami, eventCode: "11" })).toEqual([]);
  });
});
