import type { Overview } from "../../../worker/model/wire/overview.ts";

export type { LevelCounts, Overview } from "../../../worker/model/wire/overview.ts";

import { queryString, request } from "./client";

export const overviewApi = {
  get: (range: { from: string; to: string }, opts?: { signal?: AbortSignal }) =>
    request<Overview>("GET", `/overview${queryString(range)}`, undefined, opts),
};
