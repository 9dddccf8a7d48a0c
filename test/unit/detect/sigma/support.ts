/**
 * Fixtures for the Sigma compiler tests: rules written as small YAML texts, events built from
 * flat EVTX records through the ingest's own `prepareRecord`, as the agent sends them.
 */

import { expect } from "vitest";
import { type CompileOptions, compileRuleSet } from "../../../../worker/detect/compile-rule-set.ts";
import type { RuleSet } from "../../../../worker/detect/types.ts";
import { prepareRecord } from "../../../../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../../../../worker/model/event.ts";
import { LOGSOURCES } from "../../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../../worker/sources/field-map.ts";

const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);

export function evtx(record: Record<string, unknown>): NormalisedEvent {
  const outcome = prepareRecord(record, 0, RECEIVED_AT);
  if (!("event" in outcome)) expect.fail(`the ingest rejected the record: ${outcome.error}`);
  return outcome.event;
}

/** A Sysmon process creation (event 1) with the given EventData fields. */
export function processEvent(data: Record<string, unknown>): NormalisedEvent {
  return evtx({
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: "ws01.corp.local",
    UtcTime: "2026-11-23 08:00:00.000",
    ...data,
  });
}

/** Removes the indentation common to all non-blank lines, so YAML can be written indented in tests. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, "")
    .replace(/\n\s*$/, "")
    .split("\n");
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)?.[0].length ?? 0),
  );
  return lines.map((line) => line.slice(indent)).join("\n");
}

/** A whole process-creation rule around a detection section (written without the `detection:` key). */
export function processRule(detection: string, id = "00000000-0000-4000-8000-000000000001"): string {
  const body = dedent(detection)
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
  return `title: Test rule\nid: ${id}\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n${body}\nlevel: high\n`;
}

export function sigmaSet(text: string, options: Omit<CompileOptions, "logsources" | "fieldMap"> = {}): RuleSet {
  return compileRuleSet([{ origin: "test.yml", kind: "sigma", text }], {
    logsources: LOGSOURCES,
    fieldMap: FIELD_MAP,
    ...options,
  });
}

/** The detection's verdict on each event, for one rule given by its detection section. */
export function verdicts(
  detection: string,
  events: readonly NormalisedEvent[],
  options: Omit<CompileOptions, "logsources" | "fieldMap"> = {},
): boolean[] {
  const set = sigmaSet(processRule(detection), options);
  expect(set.errors).toEqual([]);
  const hits = new Set(set.matchAll(events).map((match) => match.eventIndex));
  return events.map((_, i) => hits.has(i));
}

/** The reasons (and lines) of the errors a text compiles to. */
export function compileErrors(
  text: string,
  options: Omit<CompileOptions, "logsources" | "fieldMap"> = {},
): { line: number | null; reason: string }[] {
  return sigmaSet(text, options).errors.map(({ line, reason }) => ({ line, reason }));
}
