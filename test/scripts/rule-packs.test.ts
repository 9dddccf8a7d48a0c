/**
 * `npm run rules:packs` on the real corpora: the figures that choose the default packs, pinned so a
 * change to the engine, the readers or the rules that loses detections or adds noise fails here.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

interface SetFigures {
  name: string;
  rules: number;
  attack_files_alerting: number;
  attack_files_high_or_critical: number;
  benign_alerts_medium_or_above: number;
  benign_rules: { title: string; count: number; samples: string[] }[];
}

let sets: Map<string, SetFigures>;

beforeAll(() => {
  const output = execFileSync(process.execPath, [resolve(import.meta.dirname, "../../scripts/rule-packs.ts")], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(output) as { attack_sample_files: number; sets: SetFigures[] };
  expect(report.attack_sample_files).toBe(277);
  sets = new Map(report.sets.map((set) => [set.name, set]));
}, 120_000);

const figures = (name: string): SetFigures => {
  const set = sets.get(name);
  if (!set) throw new Error(`no set named ${name}`);
  return set;
};

describe("npm run rules:packs", () => {
  it("finds EdgeSIEM's own rules alone alerting on 57 of the 277 attack samples, 40 of them high or critical", () => {
    const set = figures("edgesiem");
    expect(set.attack_files_alerting).toBeGreaterThanOrEqual(57);
    expect(set.attack_files_high_or_critical).toBeGreaterThanOrEqual(40);
    expect(set.benign_alerts_medium_or_above).toBe(0);
  });

  it("has core and emerging threats with EdgeSIEM's rules alert on at least 193 files, 178 of them high or critical", () => {
    const set = figures("edgesiem + core + emerging-threats");
    expect(set.attack_files_alerting).toBeGreaterThanOrEqual(193);
    expect(set.attack_files_high_or_critical).toBeGreaterThanOrEqual(178);
  });

  it("has that set raise, on the benign logs, only the two real log clears of system.evtx", () => {
    const set = figures("edgesiem + core + emerging-threats");
    expect(set.benign_rules.map(({ title, count, samples }) => ({ title, count, samples }))).toEqual([
      {
        title: "Important Windows Eventlog Cleared",
        count: 2,
        samples: ["system.evtx: windows.system 104 DESKTOP-2KGM189", "system.evtx: windows.system 104 DESKTOP-2KGM189"],
      },
    ]);
  });

  it("measures core+ as noisy on the benign logs: over 100 alerts at medium or above", () => {
    expect(figures("edgesiem + core+").benign_alerts_medium_or_above).toBeGreaterThan(100);
  });

  it("puts the ceiling of every rule that compiles at no fewer than 259 alerting files", () => {
    expect(figures("every rule, in a pack or not").attack_files_alerting).toBeGreaterThanOrEqual(259);
  });
});
