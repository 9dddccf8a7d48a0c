import type { TokenCreated, TokenList, TokenRevoked } from "../../../worker/model/wire/tokens.ts";

export type { AgentToken } from "../../../worker/model/wire/tokens.ts";

import { request } from "./client";

type Opts = { signal?: AbortSignal };

/** Admin only. */
export const tokensApi = {
  list: (opts?: Opts) => request<TokenList>("GET", "/tokens", undefined, opts),
  /** The answer's `token` is the only time the secret is shown. */
  create: (name: string) => request<TokenCreated>("POST", "/tokens", { name }),
  revoke: (id: string) => request<TokenRevoked>("DELETE", `/tokens/${encodeURIComponent(id)}`),
};
