/** The detection settings of the deployed Worker: its active rule set, its dedup window, its notify queue. */

import { type DetectionSettings, dedupWindowMs } from "../alerts/settings.ts";
import type { Env } from "../env.ts";
import { notifyNewAlerts } from "../notify/enqueue.ts";
import { openStore } from "../store/handle.ts";
import { activeRuleSet } from "./active-rule-set.ts";

export function workerDetectionSettings(env: Env): DetectionSettings {
  return {
    loadRuleSet: () => activeRuleSet(openStore(env.DB), env.ARCHIVE),
    dedupWindowMs: dedupWindowMs(env.ALERT_DEDUP_WINDOW_SECONDS),
    notify: (alerts) => notifyNewAlerts(env.NOTIFY_QUEUE, alerts),
  };
}
