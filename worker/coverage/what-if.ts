/**
 * "What if these sources were no longer collected": the coverage computed again without them,
 * compared with the coverage as it is. A rule is lost when none of the events it reads would still
 * arrive; its past alerts are the ones that could no longer have been raised.
 */

import type { SourceVolume } from "../store/coverage.ts";
import { analyseCoverage, type CoverageInput, perDay, type RuleCoverage } from "./analyse.ts";

/** A dataset, or one event code of it (eventCode undefined: the whole dataset). */
export interface DroppedSource {
  dataset: string;
  eventCode?: string;
}

export interface WhatIf {
  saved: { eventsPerDay: number; bytesPerDay: number; share: number };
  lostTechniques: { id: string; rules: string[] }[];
  lostRules: { id: string; title: string; level: RuleCoverage["level"]; alerts: number }[];
  lostAlerts: number;
  /** Rules that keep receiving some of their events but read a dropped source too. */
  weakenedRules: { id: string; title: string; alerts: number }[];
}

function isDropped(volume: Pick<SourceVolume, "dataset" | "eventCode">, drops: readonly DroppedSource[]): boolean {
  return drops.some(
    (drop) => drop.dataset === volume.dataset && (drop.eventCode === undefined || drop.eventCode === volume.eventCode),
  );
}

export function whatIf(input: CoverageInput, drops: readonly DroppedSource[]): WhatIf {
  const dropped = input.volumes.filter((volume) => isDropped(volume, drops));
  const kept = input.volumes.filter((volume) => !isDropped(volume, drops));
  const before = analyseCoverage(input);
  const after = analyseCoverage({ ...input, volumes: kept });
  const afterRules = new Map(after.rules.map((rule) => [rule.id, rule]));
  const afterTechniques = new Map(after.techniques.map((technique) => [technique.id, technique]));
  const droppedRuleIds = new Set(before.sources.filter((source) => isDropped(source, drops)).flatMap((s) => s.rules));

  const lostRules = before.rules.filter((rule) => rule.receiving && afterRules.get(rule.id)?.receiving === false);
  const lostIds = new Set(lostRules.map((rule) => rule.id));
  const weakened = after.rules.filter((rule) => rule.receiving && droppedRuleIds.has(rule.id));
  const totalBytes = input.volumes.reduce((sum, volume) => sum + volume.bytes, 0);
  const savedBytes = dropped.reduce((sum, volume) => sum + volume.bytes, 0);
  return {
    saved: {
      eventsPerDay: perDay(
        dropped.reduce((sum, volume) => sum + volume.events, 0),
        input.days,
      ),
      bytesPerDay: perDay(savedBytes, input.days),
      share: totalBytes === 0 ? 0 : savedBytes / totalBytes,
    },
    lostTechniques: before.techniques
      .filter((technique) => technique.status === "covered" && afterTechniques.get(technique.id)?.status !== "covered")
      .map((technique) => ({ id: technique.id, rules: technique.rules.filter((id) => lostIds.has(id)) })),
    lostRules: lostRules.map((rule) => ({ id: rule.id, title: rule.title, level: rule.level, alerts: rule.alerts })),
    lostAlerts: lostRules.reduce((sum, rule) => sum + rule.alerts, 0),
    weakenedRules: weakened.map((rule) => ({ id: rule.id, title: rule.title, alerts: rule.alerts })),
  };
}
