/** Which alerts each target gets: those at or above its minimum level, as one delivery per target. */
import { RULE_LEVELS, type RuleLevel } from "../detect/types.ts";
import type { AlertNotice, DeliveryMessage } from "./types.ts";

export function reachesLevel(level: RuleLevel, minimum: RuleLevel): boolean {
  return RULE_LEVELS.indexOf(level) >= RULE_LEVELS.indexOf(minimum);
}

export function deliveriesFor(
  alerts: readonly AlertNotice[],
  targets: readonly { id: string; minLevel: RuleLevel }[],
): DeliveryMessage[] {
  return targets.flatMap((target) => {
    const selected = alerts.filter((alert) => reachesLevel(alert.level, target.minLevel));
    return selected.length === 0
      ? []
      : [{ kind: "notify-delivery" as const, targetId: target.id, alerts: selected, test: false }];
  });
}
