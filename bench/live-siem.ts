/**
 * A running EdgeSIEM for benchmarks: the real Worker under `wrangler dev` (workerd and a local D1),
 * signed in as admin, with an agent token for ingest. Each benchmark starts its own, so one
 * benchmark's stored events never count in another's totals.
 */
import { randomBytes } from "node:crypto";
import { startDevServer } from "../test/support/dev-server.ts";

export interface LiveSiem {
  url: string;
  /** Dashboard session token (Bearer) of the admin. */
  sessionToken: string;
  /** Agent token with the ingest scope. */
  agentToken: string;
  logs(): string;
  stop(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 30_000;

export async function startLiveSiem(): Promise<LiveSiem> {
  const password = randomBytes(18).toString("base64url");
  const server = await startDevServer({ vars: { ADMIN_PASSWORD: password } });
  try {
    const login = await postJson<{ token?: unknown }>(`${server.url}/api/v1/auth/login`, null, {
      username: "admin",
      password,
    });
    const sessionToken = requireString(login.token, "POST /api/v1/auth/login answered without a token");
    const issued = await postJson<{ token?: unknown }>(`${server.url}/api/v1/tokens`, sessionToken, { name: "bench" });
    const agentToken = requireString(issued.token, "POST /api/v1/tokens answered without a token");
    return { url: server.url, sessionToken, agentToken, logs: server.logs, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Events stored between `from` and `to` (epoch ms), as the dashboard's statistics count them. */
export async function storedEventCount(siem: LiveSiem, from: number, to: number): Promise<number> {
  const response = await fetch(`${siem.url}/api/v1/events/stats?from=${from}&to=${to}`, {
    headers: { authorization: `Bearer ${siem.sessionToken}` },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await readJson<{ total?: unknown }>(response, "GET /api/v1/events/stats");
  if (typeof body.total !== "number") throw new Error(`GET /api/v1/events/stats: no total in ${JSON.stringify(body)}`);
  return body.total;
}

async function postJson<T>(url: string, bearer: string | null, body: unknown): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return readJson<T>(response, `POST ${new URL(url).pathname}`);
}

async function readJson<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 500)}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

function requireString(value: unknown, message: string): string {
  if (typeof value !== "string" || value === "") throw new Error(message);
  return value;
}
