/**
 * The rules coverage is judged on, from a compiled rule set: each detection with the routes its
 * log source maps to, and each correlation with the routes of the rules it counts (a correlation
 * can only fire when the events of the rules it refers to arrive).
 */
import { routeKey } from "../detect/logsource.ts";
import type { Route, RuleInfo, RuleLevel, RuleSet, SimpleRuleReads } from "../detect/types.ts";

export interface CoverageRule {
  id: string;
  title: string;
  level: RuleLevel;
  kind: "sigma" | "simple" | "correlation";
  tags: readonly string[];
  /** The datasets and event codes the rule reads; null when it reads every event. */
  routes: readonly Route[] | null;
  /** For a simple rule (tried on every event), what an event needs for it to match (simple-rule-inputs.ts). */
  simpleReads: SimpleRuleReads | null;
}

function ruleOf(
  info: RuleInfo,
  kind: CoverageRule["kind"],
  routes: readonly Route[] | null,
  simpleReads: SimpleRuleReads | null = null,
): CoverageRule {
  return { id: info.id, title: info.title, level: info.level, kind, tags: info.tags, routes, simpleReads };
}

function unionRoutes(lists: readonly (readonly Route[] | null)[]): Route[] | null {
  if (lists.some((list) => list === null)) return null;
  const seen = new Map<string, Route>();
  for (const route of lists.flat() as Route[]) seen.set(routeKey(route), route);
  return [...seen.values()];
}

export function coverageRules(ruleSet: RuleSet): CoverageRule[] {
  const byRef = new Map<string, readonly Route[] | null>();
  const detections = ruleSet.rules.map((info) => {
    const routes = ruleSet.routes.get(info.id) ?? null;
    byRef.set(info.id, routes);
    if (info.name !== null) byRef.set(info.name, routes);
    return ruleOf(info, info.kind, routes, ruleSet.simpleReads.get(info.id) ?? null);
  });
  // Correlations referring to correlations resolve in order; an unknown reference reads nothing.
  const correlations = ruleSet.correlations.map((correlation) => {
    const routes = unionRoutes(correlation.rules.map((ref) => byRef.get(ref) ?? []));
    byRef.set(correlation.info.id, routes);
    if (correlation.info.name !== null) byRef.set(correlation.info.name, routes);
    return ruleOf(correlation.info, "correlation", routes);
  });
  return [...detections, ...correlations];
}
