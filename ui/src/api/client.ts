/** The dashboard's only door to the Worker: JSON in and out, the session rides in its HttpOnly cookie. */

export class ApiError extends Error {
  readonly status: number;
  /** From a 429's Retry-After header: how long the server asks the caller to wait. */
  readonly retryAfterSeconds: number | undefined;
  /** The whole JSON error body, for answers that carry more than `error` (e.g. a rule's compile `errors`). */
  readonly body: unknown;

  constructor(status: number, message: string, retryAfterSeconds?: number, body?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.body = body;
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

export interface RequestOptions {
  /** Aborts the request; useApi passes one so a page that moves on drops stale answers. */
  signal?: AbortSignal;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (options.signal) init.signal = options.signal;
  if (body instanceof Blob) {
    // The one binary body the API takes from the dashboard: a SigmaHQ release zip.
    headers["Content-Type"] = "application/zip";
    init.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(BASE + path, init);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
  }

  const data: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith("/auth/")) onUnauthorized?.();
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    throw new ApiError(
      response.status,
      errorMessage(data) ?? `Request failed (HTTP ${response.status}).`,
      Number.isFinite(retryAfter) ? retryAfter : undefined,
      data,
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

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

/** `?a=1&b=x&b=y` from an object; empty, null and undefined values are left out. */
export function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const item of value) search.append(name, item);
    else search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The error's message for a person; an ApiError's message is already the API's own words. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
