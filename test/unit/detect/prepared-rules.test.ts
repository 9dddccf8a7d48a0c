/**
 * Prepared sources (detect/prepared-rules.ts) must build a rule set that matches exactly as the one
 * compiled from the texts: on small rules, then on the whole SigmaHQ corpus against its regression
 * samples and the 277 real attack files of EVTX-ATTACK-SAMPLES, read in place.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { evtxFiles } from "../../../scripts/lib/evtx-files.ts";
import { type CompileOptions, compileRuleSet } from "../../../worker/detect/compile-rule-set.ts";
import { type PreparedSource, prepareSigmaSources } from "../../../worker/detect/prepared-rules.ts";
import type { RuleSet, RuleSource } from "../../../worker/detect/types.ts";
import { readEvtx } from "../../../worker/formats/evtx/read-evtx.ts";
import { evtxEvent } from "../../../worker/formats/log-files/evtx-event.ts";
import { prepareRecord } from "../../../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../../../worker/model/event.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { loadCorpusRules, loadRegressionSamples } from "./support/sigmahq-corpus.ts";

const OPTIONS: CompileOptions = { logsources: LOGSOURCES, fieldMap: FIELD_MAP, placeholders: {} };
const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);
const ATTACK_SAMPLES = resolve(import.meta.dirname, "../../../../shared/corpus/evtx-attack-samples");

function withPrepared(sources: readonly RuleSource[]): PreparedSource[] {
  const prepared = prepareSigmaSources(sources, OPTIONS.placeholders ?? {});
  return sources.map((source, index) => {
    const form = prepared[index];
    return form === undefined ? source : { ...source, prepared: form };
  });
}

function matchKeys(ruleSet: RuleSet, events: readonly NormalisedEvent[]): string[] {
  return ruleSet
    .matchAll(events)
    .map((match) => `${match.eventIndex} ${match.rule.id} ${match.alert}`)
    .sort();
}

function normalised(records: readonly unknown[]): NormalisedEvent[] {
  return records.flatMap((record, index) => {
    const outcome = prepareRecord(record, index, RECEIVED_AT);
    return "event" in outcome ? [outcome.event] : [];
  });
}

/** The fixtures are written here: each must be a valid event. */
function fixtureEvents(records: readonly unknown[]): NormalisedEvent[] {
  const events = normalised(records);
  expect(events).toHaveLength(records.length);
  return events;
}

const sysmonProcess = (fields: Record<string, string>) => ({
  Event: {
    System: {
      Provider: { Name: "Microsoft-Windows-Sysmon" },
      EventID: 1,
      Channel: "Microsoft-Windows-Sysmon/Operational",
      TimeCreated: { "#attributes": { SystemTime: "2026-11-23T10:00:00.000000Z" } },
      Computer: "ws1",
    },
    EventData: fields,
  },
});

const ENCODED = `title: Encoded PowerShell
id: 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c01
status: test
level: high
logsource: { category: process_creation, product: windows }
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;

const KEYWORD = `title: Mimikatz keyword
id: 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c02
level: critical
logsource: { product: windows }
detection:
  keywords: ['sekurlsa::logonpasswords']
  condition: keywords
`;

describe("prepared rule sources", () => {
  it("keep a rule's info and prefilter, and match as the compiled text does", () => {
    const sources: RuleSource[] = [
      { origin: "rules/encoded.yml", kind: "sigma", text: ENCODED },
      { origin: "rules/keyword.yml", kind: "sigma", text: KEYWORD },
    ];
    const prepared = withPrepared(sources);
    expect(prepared[0]?.prepared?.rules[0]?.info.title).toBe("Encoded PowerShell");
    // Field-less keyword search keeps its field-less clause, not a field named "".
    expect(prepared[1]?.prepared?.rules[0]?.clauses).toEqual([
      [{ field: "", text: "sekurlsa::logonpasswords", exact: false }],
    ]);
    const events = fixtureEvents([
      sysmonProcess({
        Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        CommandLine: "powershell -enc SQBFAFgA",
      }),
      sysmonProcess({ Image: "C:\\Windows\\System32\\cmd.exe", CommandLine: "cmd /c echo -enc" }),
      sysmonProcess({ Image: "C:\\Tools\\m.exe", CommandLine: "m.exe sekurlsa::logonpasswords exit" }),
    ]);
    const lazy = compileRuleSet(prepared, OPTIONS);
    expect(matchKeys(lazy, events)).toEqual([
      "0 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c01 true",
      "2 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c02 true",
    ]);
    expect(matchKeys(lazy, events)).toEqual(matchKeys(compileRuleSet(sources, OPTIONS), events));
  });

  it("are not made for a text that must compile with its set: a correlation, a filter, a placeholder", () => {
    const correlation = `title: Many
id: 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c03
correlation: { type: event_count, rules: [x], group-by: [User], timespan: 5m, condition: { gte: 3 } }
`;
    const filter = `title: Not ws1
id: 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c04
logsource: { product: windows }
filter:
  rules: [5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c01]
  selection: { Computer: ws1 }
  condition: selection
`;
    const expand = ENCODED.replace("CommandLine|contains: ' -enc '", "User|expand: '%Admins%'");
    const prepared = prepareSigmaSources(
      [correlation, filter, expand, ENCODED].map((text, index) => ({ origin: `r${index}.yml`, kind: "sigma", text })),
      {},
    );
    expect(prepared.map((form) => form !== undefined)).toEqual([false, false, false, true]);
  });

  it("keep a broken text's compile errors, reported as the compiled set reports them", () => {
    const broken: RuleSource = {
      origin: "rules/broken.yml",
      kind: "sigma",
      text: ENCODED.replace("condition: selection", "condition: nope"),
    };
    const lazy = compileRuleSet(withPrepared([broken]), OPTIONS);
    expect(lazy.errors).toEqual(compileRuleSet([broken], OPTIONS).errors);
    expect(lazy.errors[0]?.reason).toMatch(/nope/);
  });

  it("take a meta filter of the set that names a prepared rule", () => {
    const filter: RuleSource = {
      origin: "db:filter",
      kind: "sigma",
      text: `title: Not on the build server
id: 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c05
logsource: { product: windows }
filter:
  rules: [5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c01]
  selection: { Computer: build1 }
  condition: selection
`,
    };
    const encoded = (host: string) => ({
      Event: {
        ...sysmonProcess({ Image: "C:\\p\\powershell.exe", CommandLine: "powershell -enc AAAA" }).Event,
        System: { ...sysmonProcess({}).Event.System, Computer: host },
      },
    });
    const events = fixtureEvents([encoded("build1"), encoded("ws7")]);
    const lazy = compileRuleSet(
      [...withPrepared([{ origin: "rules/encoded.yml", kind: "sigma", text: ENCODED }]), filter],
      OPTIONS,
    );
    expect(matchKeys(lazy, events)).toEqual(["1 5b7f6a8e-1f1e-4c37-9a51-3f8c1a6b0c01 true"]);
  });

  describe("on the SigmaHQ corpus", () => {
    const sources = loadCorpusRules();
    const eager = compileRuleSet(sources, OPTIONS);
    const lazy = compileRuleSet(withPrepared(sources), OPTIONS);

    it("list the same rules and errors", () => {
      expect(lazy.rules.map((rule) => rule.id)).toEqual(eager.rules.map((rule) => rule.id));
      expect(lazy.errors).toEqual(eager.errors);
    });

    it("match every regression sample exactly as the compiled rules do", () => {
      const events = loadRegressionSamples().flatMap((sample) => normalised(sample.records));
      const keys = matchKeys(lazy, events);
      expect(keys.length).toBeGreaterThan(events.length / 2);
      expect(keys).toEqual(matchKeys(eager, events));
    });

    it("match every record of the 277 attack files exactly as the compiled rules do", () => {
      const files = evtxFiles([ATTACK_SAMPLES]);
      expect(files).toHaveLength(277);
      const events = files.flatMap((file) => {
        const { records } = readEvtx(new Uint8Array(readFileSync(file)));
        return normalised(records.map((record) => evtxEvent(record)));
      });
      const keys = matchKeys(lazy, events);
      expect(keys.length).toBeGreaterThan(1000);
      expect(keys).toEqual(matchKeys(eager, events));
    }, 120_000);
  });
});
