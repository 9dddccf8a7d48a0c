import type {
  TargetAnswer,
  TargetList,
  TargetRemoved,
  TargetSettings,
  TargetTestQueued,
} from "../../../worker/model/wire/notifications.ts";

export type {
  DeliveryStatus,
  NotificationTarget,
  NotifyFormat,
  TargetSettings,
} from "../../../worker/model/wire/notifications.ts";

import { request } from "./client";

type Opts = { signal?: AbortSignal };

/** Admin only. */
export const notificationsApi = {
  list: (opts?: Opts) => request<TargetList>("GET", "/notifications/targets", undefined, opts),
  create: (settings: TargetSettings) => request<TargetAnswer>("POST", "/notifications/targets", settings),
  update: (id: string, settings: TargetSettings) =>
    request<TargetAnswer>("PATCH", `/notifications/targets/${encodeURIComponent(id)}`, settings),
  remove: (id: string) => request<TargetRemoved>("DELETE", `/notifications/targets/${encodeURIComponent(id)}`),
  /** Queues a test delivery (202). */
  test: (id: string) => request<TargetTestQueued>("POST", `/notifications/targets/${encodeURIComponent(id)}/test`),
};
