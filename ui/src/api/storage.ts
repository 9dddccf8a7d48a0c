import type { ArchivedDays, RestoreAnswer, Storage } from "../../../worker/model/wire/storage.ts";

export type { ArchivedDay, RestoreAnswer, Storage } from "../../../worker/model/wire/storage.ts";

import { request } from "./client";

export const storageApi = {
  get: (opts?: { signal?: AbortSignal }) => request<Storage>("GET", "/storage", undefined, opts),
  archivedDays: (opts?: { signal?: AbortSignal }) => request<ArchivedDays>("GET", "/archives", undefined, opts),
  restore: (day: string, body: { keep_days: number; after?: string }) =>
    request<RestoreAnswer>("POST", `/archives/${encodeURIComponent(day)}/restore`, body),
};
