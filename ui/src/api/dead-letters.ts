import type {
  DeadLetterAnswer,
  DeadLetterDetail,
  DeadLetterList,
  DeadLetterReplayed,
  DeadLetterStatus,
  ReplayAllResult,
} from "../../../worker/model/wire/dead-letters.ts";

export type {
  DeadLetter,
  DeadLetterRecord,
  DeadLetterStatus,
  ReplayAllResult,
} from "../../../worker/model/wire/dead-letters.ts";

import { request } from "./client";

type Opts = { signal?: AbortSignal };

/** Admin only. */
export const deadLettersApi = {
  list: (status: DeadLetterStatus | "all", opts?: Opts) =>
    request<DeadLetterList>("GET", `/dead-letters?status=${status}&limit=200`, undefined, opts),
  get: (id: number, opts?: Opts) => request<DeadLetterDetail>("GET", `/dead-letters/${id}`, undefined, opts),
  replay: (id: number) => request<DeadLetterReplayed>("POST", `/dead-letters/${id}/replay`),
  replayAll: () => request<ReplayAllResult>("POST", "/dead-letters/replay"),
  discard: (id: number) => request<DeadLetterAnswer>("POST", `/dead-letters/${id}/discard`),
};
