import { describe, expect, it } from "vitest";
import { analyseCoverage } from "../../../worker/coverage/analyse.ts";
import { coverageRules } from "../../../worker/coverage/coverage-rules.ts";
import { ruleSetOf } from "../../support/workers/alerts.ts";
import { BRUTE_FORCE, DNS, FAILED_LOGON, fixtureInput, ruleSet, volume, WHOAMI } from "./fixture.ts";

describe("coverage rules", () => {
  it("give each detection the routes of its log source and a correlation those of the rules it counts", () => {
    const routes = Object.fromEntries(coverageRules(ruleSet).map((rule) => [rule.id, rule.routes]));
    expect(routes[WHOAMI]).toEqual([
      { dataset: "windows.sysmon_operational", eventCode: "1" },
      { dataset: "windows.security", eventCode: "4688" },
    ]);
    expect(routes[BRUTE_FORCE]).toEqual(routes[FAILED_LOGON]);
    expect(routes[BRUTE_FORCE]).toEqual([{ dataset: "windows.security", eventCode: null }]);
  });
});

describe("coverage analysis", () => {
  it("gives each source its verdict from the rules it feeds and their alerts", () => {
    const { sources } = analyseCoverage(fixtureInput());
    expect(sources.map((s) => [s.dataset, s.eventCode, s.rules, s.alerts, s.verdictText])).toEqual([
      ["windows.sysmon_operational", "1", [WHOAMI], 3, "feeds 1 rule that fired"],
      ["linux.auth", null, [], 0, "feeds no rule"],
      ["windows.security", "4625", [FAILED_LOGON, BRUTE_FORCE], 0, "feeds rules that never fired"],
    ]);
  });

  it("reports volume per day and each source's share of the stored bytes", () => {
    const { sources, totals } = analyseCoverage(fixtureInput());
    expect(totals).toEqual({ eventsPerDay: 310, bytesPerDay: 1_428_571.43 });
    expect(sources[0]).toMatchObject({ eventsPerDay: 100, bytesPerDay: 1_000_000, share: 0.7 });
  });

  it("lets events without a code feed every rule of their dataset", () => {
    const input = fixtureInput({ volumes: [volume("windows.security", null, 10, 100)] });
    expect(analyseCoverage(input).sources[0]?.rules).toEqual([WHOAMI, FAILED_LOGON, BRUTE_FORCE]);
  });

  it("marks which of a rule's sources arrive", () => {
    const whoami = analyseCoverage(fixtureInput()).rules.find((rule) => rule.id === WHOAMI);
    expect(whoami).toMatchObject({
      receiving: true,
      techniques: ["T1033"],
      tactics: ["discovery"],
      needs: [
        { dataset: "windows.sysmon_operational", eventCode: "1", received: true },
        { dataset: "windows.security", eventCode: "4688", received: false },
      ],
    });
  });

  it("names each technique and colours it covered, source missing, or named only by switched-off rules", () => {
    const named = analyseCoverage(fixtureInput()).techniques.filter((technique) => technique.status !== "gap");
    expect(named).toEqual([
      {
        id: "T1003",
        name: "OS Credential Dumping",
        tactics: ["credential-access"],
        rules: [],
        sources: [],
        status: "not_covered",
      },
      {
        id: "T1033",
        name: "System Owner/User Discovery",
        tactics: ["discovery"],
        rules: [WHOAMI],
        sources: [{ dataset: "windows.sysmon_operational", eventCode: "1" }],
        status: "covered",
      },
      {
        id: "T1071.004",
        name: "DNS",
        tactics: ["command-and-control"],
        rules: [DNS],
        sources: [],
        status: "source_missing",
      },
      {
        id: "T1110",
        name: "Brute Force",
        tactics: ["credential-access"],
        rules: [BRUTE_FORCE],
        sources: [{ dataset: "windows.security", eventCode: "4625" }],
        status: "covered",
      },
    ]);
  });

  it("lists as gaps the techniques of the tactics shown that no rule names, nor a sub-technique of them", () => {
    const { techniques } = analyseCoverage(fixtureInput());
    const gaps = techniques.filter((technique) => technique.status === "gap");
    const gapIds = gaps.map((technique) => technique.id);
    expect(gaps.find((technique) => technique.id === "T1558")).toEqual({
      id: "T1558",
      name: "Steal or Forge Kerberos Tickets",
      tactics: ["credential-access"],
      rules: [],
      sources: [],
      status: "gap",
    });
    expect(gapIds).toEqual(expect.arrayContaining(["T1001", "T1082", "T1552", "T1572"]));
    // Named themselves, or through a sub-technique (T1071.004); execution is a tactic no rule names.
    for (const id of ["T1003", "T1033", "T1071", "T1110", "T1059"]) expect(gapIds).not.toContain(id);
    expect(gapIds.every((id) => !id.includes("."))).toBe(true);
    const shown = new Set(["credential-access", "discovery", "command-and-control"]);
    expect(gaps.every((gap) => gap.tactics.some((tactic) => shown.has(tactic)))).toBe(true);
  });

  it("keeps the tactics a rule tags an id with when ATT&CK's table does not hold it", () => {
    const rules = coverageRules(
      ruleSetOf(`title: Newer technique
id: c0000000-0000-4000-8000-000000000009
level: low
tags: [attack.execution, attack.t1999]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\x.exe'
  condition: selection
`),
    );
    const technique = analyseCoverage(fixtureInput({ rules })).techniques.find((t) => t.id === "T1999");
    expect(technique).toMatchObject({ name: null, tactics: ["execution"], status: "covered" });
  });

  it("rejects a window of no days", () => {
    expect(() => analyseCoverage(fixtureInput({ days: 0 }))).toThrow(/at least one day/);
  });
});
