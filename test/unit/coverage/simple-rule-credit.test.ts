/**
 * Simple rules in coverage: credited to the sources whose events can match them, judged on events
 * built by the real adapters and on the shipped rule set.
 */
import { describe, expect, it } from "vitest";
import { analyseCoverage, type CoverageInput } from "../../../worker/coverage/analyse.ts";
import { coverageRules } from "../../../worker/coverage/coverage-rules.ts";
import { simpleRuleReads } from "../../../worker/coverage/simple-rule-inputs.ts";
import { compileRuleSet } from "../../../worker/detect/compile-rule-set.ts";
import { createEventView } from "../../../worker/detect/event-view.ts";
import { eventAddresses } from "../../../worker/detect/simple/ip-lists.ts";
import { prepareRecord } from "../../../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../../../worker/model/event.ts";
import { loadRuleBundle } from "../../../worker/rules/bundled.ts";

const bundle = await loadRuleBundle();

import { compileRules } from "../../../worker/rules/compile-rules.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { volume } from "./fixture.ts";

const LSASS_DUMP = "T1003.001";
const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const SYSMON_DATASET = "windows.sysmon_operational";
const TIME = "2026-11-23T12:00:00.000Z";

function eventOf(record: Record<string, unknown>): NormalisedEvent {
  const outcome = prepareRecord(record, 0, Date.parse(TIME), "auto");
  if (!("event" in outcome)) throw new Error(`the ingest rejected the record: ${outcome.error}`);
  return outcome.event;
}

const windows = (channel: string, id: number, data: Record<string, unknown>) =>
  eventOf({ Channel: channel, EventID: id, Computer: "ws1.corp.example", TimeCreated: TIME, ...data });
const zeek = (path: string, data: Record<string, unknown>) =>
  eventOf({
    _path: path,
    ts: 1_795_435_200,
    uid: "CxT1",
    "id.orig_h": "10.0.0.5",
    "id.orig_p": 50000,
    "id.resp_h": "198.51.100.7",
    ...data,
  });
const syslog = (line: string) => eventOf({ message: `Nov 23 12:00:00 web1 ${line}` });

/** One event of each kind, as the adapters normalise them. */
const EVENTS: NormalisedEvent[] = [
  windows(SYSMON, 1, { Image: "C:\\Windows\\System32\\rundll32.exe", CommandLine: "rundll32 comsvcs.dll MiniDump" }),
  windows(SYSMON, 3, { Image: "C:\\Tools\\a.exe", SourceIp: "10.0.0.5", DestinationIp: "198.51.100.7" }),
  windows(SYSMON, 11, { Image: "C:\\Tools\\a.exe", TargetFilename: "C:\\Users\\Public\\lsass.dmp" }),
  windows(SYSMON, 22, { Image: "C:\\Tools\\a.exe", QueryName: "c2.example.org" }),
  windows("Security", 4688, { NewProcessName: "C:\\Windows\\System32\\whoami.exe", CommandLine: "whoami /priv" }),
  windows("Security", 4624, { TargetUserName: "alice", LogonType: 3, IpAddress: "10.0.0.9", IpPort: 50111 }),
  windows("Microsoft-Windows-PowerShell/Operational", 4104, { ScriptBlockText: "Get-Process" }),
  zeek("conn", { proto: "tcp", service: "ssl" }),
  zeek("dns", { proto: "udp", query: "comsvcs-minidump.example.org" }),
  zeek("http", { method: "GET", host: "198.51.100.7", uri: "/payload.ps1" }),
  syslog("sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id"),
  syslog("sshd[4001]: Failed password for root from 203.0.113.5 port 50000 ssh2"),
];

const keyOf = (event: NormalisedEvent) => ({ dataset: event.dataset, eventCode: event.eventCode });

/** A text rule on a piece of the event's own detail text, which therefore matches it. */
function matchesOwnDetail(event: NormalisedEvent, detail: string): boolean {
  const piece = detail.split(/\s+/).find((word) => word.length > 3 && !word.includes("'")) ?? detail;
  const ruleSet = compileRuleSet([{ origin: "test.txt", kind: "simple", text: `- '${piece}'` }], {
    logsources: LOGSOURCES,
    fieldMap: FIELD_MAP,
  });
  return ruleSet.match(event).length === 1;
}

describe("simple rules in coverage", () => {
  it("credit a text rule to every kind of event with detail text, which it can match, and to no other", () => {
    for (const event of EVENTS) {
      const detail = createEventView(event, FIELD_MAP).detailText();
      const credited = simpleRuleReads("detail_text", keyOf(event));
      if (detail !== "")
        expect([event.dataset, event.eventCode, credited]).toEqual([event.dataset, event.eventCode, true]);
      if (detail !== "") expect(matchesOwnDetail(event, detail)).toBe(true);
      if (!credited) expect(detail).toBe("");
    }
    expect(EVENTS.filter((event) => !simpleRuleReads("detail_text", keyOf(event))).map(keyOf)).toEqual([
      { dataset: SYSMON_DATASET, eventCode: "3" },
      { dataset: "windows.security", eventCode: "4624" },
      { dataset: "windows.powershell_operational", eventCode: "4104" },
      { dataset: "zeek.conn", eventCode: null },
    ]);
  });

  it("credit an IP-list rule to every kind of event with an address, and only those", () => {
    for (const event of EVENTS) {
      const view = createEventView(event, FIELD_MAP);
      const hasAddress = eventAddresses(view).length > 0;
      const credited = simpleRuleReads("addresses", keyOf(event));
      if (hasAddress)
        expect([event.dataset, event.eventCode, credited]).toEqual([event.dataset, event.eventCode, true]);
      if (!credited) expect(hasAddress).toBe(false);
    }
    expect(EVENTS.filter((event) => !simpleRuleReads("addresses", keyOf(event))).map(keyOf)).toEqual([
      { dataset: "windows.powershell_operational", eventCode: "4104" },
    ]);
  });

  it("credit every simple rule to a dataset only a catch-all source names, whose fields nobody declares", () => {
    expect(simpleRuleReads("detail_text", { dataset: "endpoint.events.process", eventCode: null })).toBe(true);
    expect(simpleRuleReads("detail_text", { dataset: "windows.system", eventCode: "7045" })).toBe(false);
  });

  it("give the shipped simple LSASS-dump rules only to sources whose events can match them", () => {
    // Sigma rules name T1003.001 for other log sources (SigmaHQ's 4624 rules, our 4703 one): simple rules only here.
    const own = bundle.rules.sources.filter((source) => source.kind === "simple");
    const ruleSet = compileRules(own, bundle.placeholders);
    const input: CoverageInput = {
      rules: coverageRules(ruleSet),
      disabledTechniques: new Map(),
      volumes: [
        volume(SYSMON_DATASET, "1", 100, 100_000),
        volume("windows.security", "4688", 100, 100_000),
        volume("windows.security", "4624", 100, 100_000),
        volume(SYSMON_DATASET, "3", 100, 100_000),
        volume("zeek.conn", null, 100, 100_000),
        volume("zeek.dns", null, 100, 100_000),
        volume("linux.auth", null, 100, 100_000),
      ],
      alerts: new Map(),
      days: 1,
    };
    const techniques = new Map(
      analyseCoverage(input).sources.map((source) => [`${source.dataset}|${source.eventCode}`, source.techniques]),
    );
    expect(techniques.get(`${SYSMON_DATASET}|1`)).toContain(LSASS_DUMP);
    expect(techniques.get("windows.security|4688")).toContain(LSASS_DUMP);
    for (const silent of ["windows.security|4624", `${SYSMON_DATASET}|3`, "zeek.conn|null"]) {
      expect(techniques.get(silent)).not.toContain(LSASS_DUMP);
    }
    // A DNS query and a sudo command are detail text: the comsvcs rule fires on them (see the first test).
    expect(techniques.get("zeek.dns|null")).toContain(LSASS_DUMP);
    expect(techniques.get("linux.auth|null")).toContain(LSASS_DUMP);
  });
});
