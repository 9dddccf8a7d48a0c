/**
 * The import command's default agent token: made through the API with the admin password from
 * `.dev.vars` when it holds one, else minted into the local D1 (only for the local instance).
 */
import { hostname } from "node:os";
import { readDevVars } from "../dev-vars.ts";
import { mintLocalAgentToken } from "../local-token.ts";

async function answer<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

export async function resolveAgentToken(url: string): Promise<string> {
  const tokenName = `import from ${hostname().replace(/[^A-Za-z0-9 ._:@-]/g, "-")}`.slice(0, 128);
  const password = readDevVars().ADMIN_PASSWORD;
  if (password) {
    const login = await answer<{ token: string }>(
      await fetch(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password }),
      }),
      "signing in as admin with ADMIN_PASSWORD from .dev.vars failed",
    );
    const created = await answer<{ token: string }>(
      await fetch(`${url}/api/v1/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${login.token}` },
        body: JSON.stringify({ name: tokenName }),
      }),
      "making an agent token failed",
    );
    return created.token;
  }
  if (!isLocal(url)) {
    throw new Error(`pass --token AGENT_TOKEN for ${url} (.dev.vars holds no ADMIN_PASSWORD to make one)`);
  }
  return (await mintLocalAgentToken(tokenName)).token;
}
