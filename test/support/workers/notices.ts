/** Small alert notices for the notification tests. */
import type { RuleLevel } from "../../../worker/detect/types.ts";
import { type AlertNotice, alertLink } from "../../../worker/notify/types.ts";

export function notice(alertId: number, level: RuleLevel, overrides: Partial<AlertNotice> = {}): AlertNotice {
  return {
    alertId,
    ruleId: `rule-${alertId}`,
    title: `Suspicious thing ${alertId}`,
    level,
    tags: ["attack.execution", "attack.t1059.001"],
    host: "ws-01",
    firstSeen: Date.UTC(2026, 0, 2, 3, 4, 5),
    lastSeen: Date.UTC(2026, 0, 2, 3, 9, 5),
    count: 3,
    keyFields: { Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", User: "CORP\\alice" },
    link: alertLink(alertId),
    ...overrides,
  };
}
