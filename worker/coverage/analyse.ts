/**
 * Detection value per log source: which rules each received dataset/event code feeds and whether
 * they fired, which sources each rule needs and receives, and which ATT&CK techniques are covered
 * by a rule that receives its events. Pure: volumes and alert counts come in already summed.
 */
import type { Route } from "../detect/types.ts";
import type { SourceVolume } from "../store/coverage.ts";
import { TACTICS, type Tactic, tacticsOf, techniquesOf } from "./attack-tags.ts";
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

export type TechniqueStatus = "covered" | "source_missing" | "not_covered";

export interface TechniqueCoverage {
  id: string;
  tactics: Tactic[];
  rules: string[];
  status: TechniqueStatus;
}

export interface Coverage {
  days: number;
  totals: { eventsPerDay: number; bytesPerDay: number };
  sources: SourceCoverage[];
  rules: RuleCoverage[];
  techniques: TechniqueCoverage[];
  tactics: readonly Tactic[];
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

function techniqueCoverage(rules: readonly RuleCoverage[], disabled: CoverageInput["disabledTechniques"]) {
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
  const techniques: TechniqueCoverage[] = [...byId].map(([id, entry]) => ({
    id,
    tactics: TACTICS.filter((tactic) => entry.tactics.has(tactic)),
    rules: entry.rules,
    status: entry.receiving ? "covered" : "source_missing",
  }));
  for (const [id, tactics] of disabled) {
    if (!byId.has(id)) techniques.push({ id, tactics: [...tactics], rules: [], status: "not_covered" });
  }
  return techniques.sort((a, b) => a.id.localeCompare(b.id));
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
    techniques: techniqueCoverage(rules, input.disabledTechniques),
    tactics: TACTICS,
  };
}
