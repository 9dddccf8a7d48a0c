/** What the ingest path needs to detect and alert: the rule set, the dedup window, and where new alerts go. */
import type { RuleSet } from "../detect/types.ts";
import type { AlertNotice } from "../notify/types.ts";

export interface DetectionSettings {
  /** Called inside the store attempt, so a rule set that cannot be read sends the batch to the retry queue. */
  loadRuleSet(): Promise<RuleSet>;
  dedupWindowMs: number;
  /** Hands newly stored alerts to notifications; must not throw. */
  notify(alerts: AlertNotice[]): Promise<void>;
}

export const DEFAULT_DEDUP_WINDOW_SECONDS = 3600;

export function dedupWindowMs(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === "") return DEFAULT_DEDUP_WINDOW_SECONDS * 1000;
  const seconds = Number(setting);
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new Error(`ALERT_DEDUP_WINDOW_SECONDS must be a whole number of seconds, not '${setting}'`);
  }
  return seconds * 1000;
}
