import type { HostList } from "../../../worker/model/wire/hosts.ts";

export type { Host, HostList, SilenceRule } from "../../../worker/model/wire/hosts.ts";

import { queryString, request } from "./client";

type Opts = { signal?: AbortSignal };

export const hostsApi = {
  /** `thresholdMinutes`: the longest silence tolerated from any host (default 60). */
  list: (thresholdMinutes?: number, opts?: Opts) =>
    request<HostList>("GET", `/hosts${queryString({ threshold_minutes: thresholdMinutes })}`, undefined, opts),
};
