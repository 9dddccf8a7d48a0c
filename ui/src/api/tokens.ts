import { request } from "./client";

export interface AgentToken {
  id: string;
  name: string;
  created_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

type Opts = { signal?: AbortSignal };

/** Admin only. */
export const tokensApi = {
  list: (opts?: Opts) => request<{ tokens: AgentToken[] }>("GET", "/tokens", undefined, opts),
  /** The answer's `token` is the only time the secret is shown. */
  create: (name: string) =>
    request<{ id: string; name: string; created_at: string | null; token: string }>("POST", "/tokens", { name }),
  revoke: (id: string) => request<{ ok: true; id: string }>("DELETE", `/tokens/${encodeURIComponent(id)}`),
};
