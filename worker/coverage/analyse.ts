/**
 * Detection value per log source: which rules each received dataset/event code feeds and whether
 * they fired, which sources each rule needs and receives, and which ATT&CK techniques are covered
 * by a rule that receives its events, by which rules and sources, and which techniques of the
 * tactics the rules name no rule names at all (the gaps). Pure: volumes and alert counts come in
 * already summed.
 */
import type { Route } from "../detect/types.ts";
import type { SourceVolume } from "../store/coverage.ts";
import { TACTICS, type Tactic, tacticsOf, techniquesOf } from "./attack-tags.ts";
import { ATTACK_VERSION, attackTechnique, parentTechnique, tacticTechniques } from "./attack-techniques.ts";
import type { CoverageRule } from "./coverage-rules.ts";
import { simpleRuleReads } from "./simple-rule-inputs.ts";

export interface CoverageInput {
  rules: readonly CoverageRule[];
  /** Techniques named only by rules that are switched off. */
  disabledTechniques: ReadonlyMap<string, readonly Tactic[]>;
  volumes: readonly SourceVolume[];
  /** Rule id -> alerts it raised in the window. */
  alerts: ReadonlyMap<string, number>;
  days: number;
}

export type Verdict = "fired" | "never_fired" | "no_rule";

export interface SourceCoverage {
  dataset: string;
  eventCode: string | null;
  eventsPerDay: number;
  bytesPerDay: number;
  /** Fraction of all stored bytes in the window. */
  share: number;
  hosts: number;
  rules: string[];
  rulesFired: number;
  alerts: number;
  techniques: string[];
  verdict: Verdict;
  verdictText: string;
}

export interface RuleCoverage {
  id: string;
  title: string;
  level: CoverageRule["level"];
  kind: CoverageRule["kind"];
  techniques: string[];
  tactics: Tactic[];
  /** null when the rule reads every event, or is a simple rule (which `simpleReads` describes). */
  needs: { dataset: string; eventCode: string | null; received: boolean }[] | null;
  simpleReads: CoverageRule["simpleReads"];
  /** Some of the events the rule reads are arriving. */
  receiving: boolean;
  alerts: number;
}

/** `gap`: a technique of a tactic the rules name that no rule, enabled or not, names. */
export type TechniqueStatus = "covered" | "source_missing" | "not_covered" | "gap";

export interface TechniqueCoverage {
  id: string;
  /** ATT&CK's name; null for an id the table does not hold (a newer or retired technique). */
  name: string | null;
  /** ATT&CK's tactics of the technique; for an id the table does not hold, those its rules are tagged with. */
  tactics: Tactic[];
  rules: string[];
  /** The received sources that feed its enabled rules. */
  sources: { dataset: string; eventCode: string | null }[];
  status: TechniqueStatus;
}

export interface Coverage {
  days: number;
  totals: { eventsPerDay: number; bytesPerDay: number };
  sources: SourceCoverage[];
  rules: RuleCoverage[];
  techniques: TechniqueCoverage[];
  tactics: readonly Tactic[];
  /** The ATT&CK release the names and gaps come from. */
  attackVersion: string;
}

/** Whether a rule's route reads a source's events; an event without a code may be any of its dataset's. */
export function routeReads(route: Route, source: { dataset: string; eventCode: string | null }): boolean {
  if (route.dataset !== source.dataset) return false;
  return route.eventCode === null || source.eventCode === null || route.eventCode === source.eventCode;
}

export function ruleReads(rule: CoverageRule, source: { dataset: string; eventCode: string | null }): boolean {
  if (rule.simpleReads !== null) return simpleRuleReads(rule.simpleReads, source);
  return rule.routes === null || rule.routes.some((route) => routeReads(route, source));
}

export function verdictText(verdict: Verdict, rulesFired: number): string {
  if (verdict === "fired") return `feeds ${rulesFired} ${rulesFired === 1 ? "rule" : "rules"} that fired`;
  return verdict === "never_fired" ? "feeds rules that never fired" : "feeds no rule";
}

/** A window's total as a daily figure, to two decimals. */
export function perDay(value: number, days: number): number {
  return Math.round((value / days) * 100) / 100;
}

function sourceCoverage(input: CoverageInput, volume: SourceVolume, totalBytes: number): SourceCoverage {
  const fed = input.rules.filter((rule) => ruleReads(rule, volume));
  const fired = fed.filter((rule) => (input.alerts.get(rule.id) ?? 0) > 0);
  const verdict: Verdict = fired.length > 0 ? "fired" : fed.length > 0 ? "never_fired" : "no_rule";
  return {
    dataset: volume.dataset,
    eventCode: volume.eventCode,
    eventsPerDay: perDay(volume.events, input.days),
    bytesPerDay: perDay(volume.bytes, input.days),
    share: totalBytes === 0 ? 0 : volume.bytes / totalBytes,
    hosts: volume.hosts,
    rules: fed.map((rule) => rule.id),
    rulesFired: fired.length,
    alerts: fed.reduce((sum, rule) => sum + (input.alerts.get(rule.id) ?? 0), 0),
    techniques: [...new Set(fed.flatMap((rule) => techniquesOf(rule.tags)))].sort(),
    verdict,
    verdictText: verdictText(verdict, fired.length),
  };
}

function ruleCoverage(rule: CoverageRule, volumes: readonly SourceVolume[], alerts: number): RuleCoverage {
  const needs =
    rule.routes?.map((route) => ({
      dataset: route.dataset,
      eventCode: route.eventCode,
      received: volumes.some((volume) => routeReads(route, volume)),
    })) ?? null;
  return {
    id: rule.id,
    title: rule.title,
    level: rule.level,
    kind: rule.kind,
    techniques: techniquesOf(rule.tags),
    tactics: tacticsOf(rule.tags),
    needs,
    simpleReads: rule.simpleReads,
    receiving: needs === null ? volumes.some((volume) => ruleReads(rule, volume)) : needs.some((need) => need.received),
    alerts,
  };
}

/** ATT&CK's tactics of a technique, or for one the table does not hold those its rules are tagged with. */
function techniqueTactics(id: string, tagged: ReadonlySet<Tactic>): Tactic[] {
  const known = attackTechnique(id)?.tactics;
  return TACTICS.filter((tactic) => (known === undefined ? tagged.has(tactic) : known.includes(tactic)));
}

function namedTechniques(input: CoverageInput, rules: readonly RuleCoverage[]): TechniqueCoverage[] {
  const byId = new Map<string, { tactics: Set<Tactic>; rules: string[]; receiving: boolean }>();
  for (const rule of rules) {
    for (const id of rule.techniques) {
      const entry = byId.get(id) ?? { tactics: new Set<Tactic>(), rules: [], receiving: false };
      for (const tactic of rule.tactics) entry.tactics.add(tactic);
      entry.rules.push(rule.id);
      entry.receiving ||= rule.receiving;
      byId.set(id, entry);
    }
  }
  const ruleById = new Map(input.rules.map((rule) => [rule.id, rule]));
  const techniques: TechniqueCoverage[] = [...byId].map(([id, entry]) => {
    const feeding = entry.rules.flatMap((ruleId) => ruleById.get(ruleId) ?? []);
    return {
      id,
      name: attackTechnique(id)?.name ?? null,
      tactics: techniqueTactics(id, entry.tactics),
      rules: entry.rules,
      sources: input.volumes
        .filter((volume) => feeding.some((rule) => ruleReads(rule, volume)))
        .map((volume) => ({ dataset: volume.dataset, eventCode: volume.eventCode })),
      status: entry.receiving ? "covered" : "source_missing",
    };
  });
  for (const [id, tactics] of input.disabledTechniques) {
    if (byId.has(id)) continue;
    techniques.push({
      id,
      name: attackTechnique(id)?.name ?? null,
      tactics: techniqueTactics(id, new Set(tactics)),
      rules: [],
      sources: [],
      status: "not_covered",
    });
  }
  return techniques;
}

/** The techniques of the tactics shown that no rule names, neither they nor any of their sub-techniques. */
function gaps(named: readonly TechniqueCoverage[]): TechniqueCoverage[] {
  const shown = new Set(named.flatMap((technique) => technique.tactics));
  const touched = new Set(named.map((technique) => parentTechnique(technique.id)));
  const found = new Map<string, TechniqueCoverage>();
  for (const tactic of TACTICS) {
    if (!shown.has(tactic)) continue;
    for (const technique of tacticTechniques(tactic)) {
      if (touched.has(technique.id) || found.has(technique.id)) continue;
      found.set(technique.id, {
        id: technique.id,
        name: technique.name,
        tactics: TACTICS.filter((t) => technique.tactics.includes(t)),
        rules: [],
        sources: [],
        status: "gap",
      });
    }
  }
  return [...found.values()];
}

function techniqueCoverage(input: CoverageInput, rules: readonly RuleCoverage[]): TechniqueCoverage[] {
  const named = namedTechniques(input, rules);
  return [...named, ...gaps(named)].sort((a, b) => a.id.localeCompare(b.id));
}

export function analyseCoverage(input: CoverageInput): Coverage {
  if (!(input.days > 0)) throw new Error(`coverage needs a window of at least one day, not ${input.days}`);
  const totalEvents = input.volumes.reduce((sum, volume) => sum + volume.events, 0);
  const totalBytes = input.volumes.reduce((sum, volume) => sum + volume.bytes, 0);
  const sources = input.volumes
    .map((volume) => sourceCoverage(input, volume, totalBytes))
    .sort(
      (a, b) =>
        b.bytesPerDay - a.bytesPerDay ||
        a.dataset.localeCompare(b.dataset) ||
        (a.eventCode ?? "").localeCompare(b.eventCode ?? ""),
    );
  const rules = input.rules.map((rule) => ruleCoverage(rule, input.volumes, input.alerts.get(rule.id) ?? 0));
  return {
    days: input.days,
    totals: { eventsPerDay: perDay(totalEvents, input.days), bytesPerDay: perDay(totalBytes, input.days) },
    sources,
    rules,
    techniques: techniqueCoverage(input, rules),
    tactics: TACTICS,
    attackVersion: ATTACK_VERSION,
  };
}
