/** Small helpers for tests that talk to the Worker through its real HTTP interface (SELF). */
import { SELF } from "cloudflare:test";

export const BASE = "https://edgesiem.test";
export const ADMIN_PASSWORD = "admin-test-password";

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  path: string,
  init: RequestInit & { token?: string; json?: unknown } = {},
): Promise<ApiResponse<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const response = await SELF.fetch(`${BASE}${path}`, { ...init, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Non-JSON bodies (static assets) are returned as text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export async function login(username = "admin", password = ADMIN_PASSWORD): Promise<string> {
  const res = await call<{ token: string }>("/api/v1/auth/login", {
    method: "POST",
    json: { username, password },
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

export async function agentToken(adminToken: string, name = "test-host"): Promise<{ id: string; token: string }> {
  const res = await call<{ id: string; token: string }>("/api/v1/tokens", {
    method: "POST",
    token: adminToken,
    json: { name },
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface IngestBody {
  batch_id: string;
  accepted: number;
  rejected: { index: number; error: string }[];
  status: string;
  alerts: number;
}

export function ingest(token: string, body: BodyInit, headers: Record<string, string> = {}) {
  return call<IngestBody>("/api/v1/ingest", {
    method: "POST",
    token,
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
