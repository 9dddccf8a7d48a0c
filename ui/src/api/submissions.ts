import type { SubmissionPage, SubmissionQuery } from "../../../worker/model/wire/submissions.ts";

export type { Submission, SubmissionPage, SubmissionQuery } from "../../../worker/model/wire/submissions.ts";

import { queryString, request } from "./client";

export const submissionsApi = {
  list: (query: SubmissionQuery & { limit?: number; cursor?: string | null }, opts?: { signal?: AbortSignal }) =>
    request<SubmissionPage>("GET", `/submissions${queryString({ ...query })}`, undefined, opts),
};
