import { describe, expect, it } from "vitest";
import { analyseCoverage } from "../../../worker/coverage/analyse.ts";
import { coverageRules } from "../../../worker/coverage/coverage-rules.ts";
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

  it("colours techniques covered, source missing, or named only by switched-off rules", () => {
    expect(analyseCoverage(fixtureInput()).techniques).toEqual([
      { id: "T1003", tactics: ["credential-access"], rules: [], status: "not_covered" },
      { id: "T1033", tactics: ["discovery"], rules: [WHOAMI], status: "covered" },
      { id: "T1071.004", tactics: ["command-and-control"], rules: [DNS], status: "source_missing" },
      { id: "T1110", tactics: ["credential-access"], rules: [BRUTE_FORCE], status: "covered" },
    ]);
  });

  it("rejects a window of no days", () => {
    expect(() => analyseCoverage(fixtureInput({ days: 0 }))).toThrow(/at least one day/);
  });
});
