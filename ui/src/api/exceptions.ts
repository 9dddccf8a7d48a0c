import type { ExceptionAnswer, ExceptionList, NewException } from "../../../worker/model/wire/exceptions.ts";

export type { AlertException, NewException } from "../../../worker/model/wire/exceptions.ts";

import { request } from "./client";

type Opts = { signal?: AbortSignal };

export const exceptionsApi = {
  list: (opts?: Opts) => request<ExceptionList>("GET", "/exceptions", undefined, opts),
  /** 409 when the same field/value/rule exception exists. */
  create: (exception: NewException) => request<ExceptionAnswer>("POST", "/exceptions", exception),
  remove: (id: number) => request<undefined>("DELETE", `/exceptions/${id}`),
};
