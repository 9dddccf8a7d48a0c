/**
 * The coverage input for the active rule set and the last `days` days: the enabled rules with their
 * routes, the techniques only switched-off rules name, and the volume and alert figures from D1.
 */

import { activeRules } from "../rules/active-rule-set.ts";
import { storedRuleSource } from "../rules/active-sources.ts";
import { compileRules } from "../rules/compile-rules.ts";
import type { Placeholders } from "../rules/list-placeholders.ts";
import { coverageFigures } from "../store/coverage.ts";
import { epochDay } from "../store/epoch-day.ts";
import type { StoreHandle } from "../store/handle.ts";
import type { CoverageInput } from "./analyse.ts";
import type { Tactic } from "./attack-tags.ts";
import { tacticsOf, techniquesOf } from "./attack-tags.ts";
import { coverageRules } from "./coverage-rules.ts";

export const MAX_COVERAGE_DAYS = 90;

function disabledTechniques(
  texts: { id: string; kind: "sigma" | "simple"; text: string }[],
  placeholders: Placeholders,
) {
  const techniques = new Map<string, Tactic[]>();
  if (texts.length === 0) return techniques;
  const ruleSet = compileRules(
    texts.map((rule) => storedRuleSource({ ...rule, enabled: false })),
    placeholders,
  );
  for (const info of [...ruleSet.rules, ...ruleSet.correlations.map((c) => c.info)]) {
    for (const id of techniquesOf(info.tags)) techniques.set(id, tacticsOf(info.tags));
  }
  return techniques;
}

export async function loadCoverageInput(
  store: StoreHandle,
  releases: R2Bucket,
  days: number,
  now = Date.now(),
): Promise<CoverageInput> {
  const [active, figures] = await Promise.all([
    activeRules(store, releases),
    coverageFigures(store, epochDay(now) - days + 1),
  ]);
  const disabled = active.rows.filter((row) => !row.enabled);
  return {
    rules: coverageRules(active.ruleSet),
    disabledTechniques: disabledTechniques(disabled, active.placeholders),
    volumes: figures.volumes,
    alerts: figures.alerts,
    days,
  };
}
