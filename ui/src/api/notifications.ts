import { request } from "./client";
import type { RuleLevel } from "./rules";

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
  created_at: string | null;
  updated_at: string | null;
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

type Opts = { signal?: AbortSignal };

/** Admin only. */
export const notificationsApi = {
  list: (opts?: Opts) => request<{ targets: NotificationTarget[] }>("GET", "/notifications/targets", undefined, opts),
  create: (settings: TargetSettings) =>
    request<{ target: NotificationTarget }>("POST", "/notifications/targets", settings),
  update: (id: string, settings: TargetSettings) =>
    request<{ target: NotificationTarget }>("PATCH", `/notifications/targets/${encodeURIComponent(id)}`, settings),
  remove: (id: string) =>
    request<{ ok: true; id: string }>("DELETE", `/notifications/targets/${encodeURIComponent(id)}`),
  /** Queues a test delivery (202). */
  test: (id: string) =>
    request<{ queued: true; id: string }>("POST", `/notifications/targets/${encodeURIComponent(id)}/test`),
};
