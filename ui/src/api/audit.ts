import type { AuditPage, AuditQuery } from "../../../worker/model/wire/audit.ts";

export type { AuditEntry, AuditPage, AuditQuery } from "../../../worker/model/wire/audit.ts";

import { queryString, request } from "./client";

/** Admin only. */
export const auditApi = {
  list: (query: AuditQuery & { limit?: number; cursor?: string | null }, opts?: { signal?: AbortSignal }) =>
    request<AuditPage>("GET", `/audit${queryString({ ...query })}`, undefined, opts),
};
