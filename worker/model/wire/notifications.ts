import type { RuleLevel } from "./rules.ts";

export type NotifyFormat = "generic" | "slack";

/** How the last delivery to a target went; "dead-lettered": every retry failed and it was given up. */
export type DeliveryStatus = "delivered" | "failed" | "dead-lettered";

/** A webhook that receives alerts at or above `min_level` (worker/http/routes/notifications.ts). */
export interface NotificationTarget {
  id: string;
  name: string;
  url: string;
  format: NotifyFormat;
  min_level: RuleLevel;
  enabled: boolean;
  has_secret: boolean;
  created_at: string;
  updated_at: string;
  last_attempt_at: string | null;
  last_status: DeliveryStatus | null;
  last_error: string | null;
  last_delivered_at: string | null;
}

export interface TargetSettings {
  name?: string;
  url?: string;
  format?: NotifyFormat;
  min_level?: RuleLevel;
  enabled?: boolean;
  secret?: string | null;
}

export interface TargetList {
  targets: NotificationTarget[];
}

export interface TargetAnswer {
  target: NotificationTarget;
}

export interface TargetRemoved {
  ok: true;
  id: string;
}

/** POST /notifications/targets/:id/test: the test delivery is queued (202). */
export interface TargetTestQueued {
  queued: true;
  id: string;
}
