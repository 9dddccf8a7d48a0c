export interface AgentToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TokenList {
  tokens: AgentToken[];
}

/** POST /tokens: `token` is the only time the secret is shown. */
export interface TokenCreated {
  id: string;
  name: string;
  created_at: string;
  token: string;
}

export interface TokenRevoked {
  ok: true;
  id: string;
}
