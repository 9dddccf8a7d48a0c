import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Any failure the API answers with a 4xx/5xx status and a JSON `{ error }` naming the problem. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}
