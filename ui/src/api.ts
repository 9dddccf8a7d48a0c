/** The dashboard's only door to the Worker: JSON in and out, the session rides in its HttpOnly cookie. */

export type Role = "admin" | "analyst" | "viewer";

export interface User {
  id: number;
  username: string;
  role: Role;
  enabled?: boolean;
}

export interface Health {
  ok: boolean;
  version: string;
  database: string;
}

export type SignupStatus = "pending" | "active";

export class ApiError extends Error {
  readonly status: number;
  /** From a 429's Retry-After header: how long the server asks the caller to wait. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const BASE = "/api/v1";

let onUnauthorized: (() => void) | undefined;

/**
 * Called when a signed-in request is answered 401, i.e. the session expired or was revoked.
 * The `/auth/*` calls are left out: there a 401 is an ordinary answer their callers handle.
 */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(BASE + path, init);
  } catch {
    throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
  }

  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith("/auth/")) onUnauthorized?.();
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    throw new ApiError(
      response.status,
      errorMessage(data) ?? `Request failed (HTTP ${response.status}).`,
      Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
  }
  return data as T;
}

function errorMessage(data: unknown): string | undefined {
  if (typeof data === "object" && data !== null && "error" in data && typeof data.error === "string") {
    return data.error;
  }
  return undefined;
}

export const api = {
  login: (username: string, password: string) => request<{ user: User }>("POST", "/auth/login", { username, password }),
  logout: () => request<{ ok: true }>("POST", "/auth/logout"),
  me: () => request<{ user: User }>("GET", "/auth/me"),
  signup: (username: string, password: string) =>
    request<{ user: User; status: SignupStatus }>("POST", "/auth/signup", { username, password }),
  health: () => request<Health>("GET", "/health"),
};
