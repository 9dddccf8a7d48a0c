import { describe, expect, it } from "vitest";
import { whatIf } from "../../../worker/coverage/what-if.ts";
import { BRUTE_FORCE, FAILED_LOGON, fixtureInput, volume, WHOAMI } from "./fixture.ts";

describe("what if sources were dropped", () => {
  it("loses the rules that read nothing else, their techniques and past alerts, and saves the volume", () => {
    const result = whatIf(fixtureInput(), [{ dataset: "windows.sysmon_operational", eventCode: "1" }]);
    expect(result).toEqual({
      saved: { eventsPerDay: 100, bytesPerDay: 1_000_000, share: 0.7 },
      lostTechniques: [{ id: "T1033", rules: [WHOAMI] }],
      lostRules: [{ id: WHOAMI, title: "Whoami", level: "medium", alerts: 3 }],
      lostAlerts: 3,
      weakenedRules: [],
    });
  });

  it("keeps a rule that still reads another source, naming it as weakened", () => {
    const input = fixtureInput({
      volumes: [volume("windows.sysmon_operational", "1", 700, 700), volume("windows.security", "4688", 70, 70)],
    });
    const result = whatIf(input, [{ dataset: "windows.sysmon_operational", eventCode: "1" }]);
    expect(result.lostRules).toEqual([]);
    expect(result.lostTechniques).toEqual([]);
    expect(result.weakenedRules).toEqual([{ id: WHOAMI, title: "Whoami", alerts: 3 }]);
  });

  it("drops every event code of a dataset named without one", () => {
    const result = whatIf(fixtureInput(), [{ dataset: "windows.security" }]);
    expect(result.lostRules.map((rule) => rule.id)).toEqual([FAILED_LOGON, BRUTE_FORCE]);
    expect(result.lostTechniques).toEqual([{ id: "T1110", rules: [BRUTE_FORCE] }]);
    expect(result.saved.eventsPerDay).toBe(10);
  });

  it("loses nothing and saves nothing for a source that is not received", () => {
    const result = whatIf(fixtureInput(), [{ dataset: "zeek.http" }]);
    expect(result).toMatchObject({
      saved: { eventsPerDay: 0, bytesPerDay: 0, share: 0 },
      lostRules: [],
      lostAlerts: 0,
    });
  });
});
