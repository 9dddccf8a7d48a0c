/**
 * The imports API over fetch, for the import command (an agent token, `/api/v1/ingest/imports`)
 * and the dashboard (its session cookie, `/api/v1/imports`). A failure worth retrying (no answer,
 * 429, 5xx) is a RetryableError; any other refusal stops the import with the server's message.
 */
import type { ImportFileSummary } from "../../model/wire/imports.ts";
import type { ImportBatch } from "./batches.ts";
import { type BatchAnswer, type ImportTransport, RetryableError } from "./run-import.ts";

export interface HttpTransportOptions {
  /** `https://siem.example/api/v1/ingest/imports`, or a same-origin path in the browser. */
  endpoint: string;
  /** Authorization for the command; the browser sends its cookie instead. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export class ImportRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function errorText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === "string") return body.error;
  } catch {
    // Not JSON: a proxy's page, say; its first line is the best we have.
  }
  return text.split("\n")[0]?.slice(0, 200) || response.statusText;
}

export function httpTransport(options: HttpTransportOptions): ImportTransport {
  const doFetch = options.fetch ?? fetch;
  const request = async (path: string, body: string, contentType = "application/json"): Promise<Response> => {
    let response: Response;
    try {
      response = await doFetch(`${options.endpoint}${path}`, {
        method: "POST",
        headers: { "content-type": contentType, ...options.headers },
        body,
      });
    } catch (error) {
      throw new RetryableError(`no answer from ${options.endpoint}: ${(error as Error).message}`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryableError(`${response.status} from ${options.endpoint}${path}: ${await errorText(response)}`);
    }
    return response;
  };
  const json = async <T>(response: Response, what: string): Promise<T> => {
    if (!response.ok) throw new ImportRequestError(response.status, `${what}: ${await errorText(response)}`);
    return (await response.json()) as T;
  };

  return {
    async start(name, key) {
      const answer = await json<{ import: { id: string }; resumed: boolean }>(
        await request("", JSON.stringify({ name, key })),
        "the import could not start",
      );
      return { id: answer.import.id, resumed: answer.resumed };
    },
    async batch(importId: string, batch: ImportBatch): Promise<BatchAnswer> {
      const response = await request(`/${importId}/batches`, batch.body);
      // 400 with `rejected` is an answer: not one of the batch's records could be taken.
      if (response.status === 400) {
        const text = await response.text();
        let body: Partial<BatchAnswer> & { error?: string } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          throw new ImportRequestError(400, `batch ${batch.id} was refused: ${text.slice(0, 200)}`);
        }
        if (Array.isArray(body.rejected))
          return { accepted: 0, rejected: body.rejected, status: "rejected", alerts: 0 };
        throw new ImportRequestError(400, `batch ${batch.id} was refused: ${body.error ?? text}`);
      }
      return json<BatchAnswer>(response, `batch ${batch.id} was refused`);
    },
    async finish(importId: string, status: "done" | "cancelled", files: ImportFileSummary[]) {
      await json(
        await request(`/${importId}/finish`, JSON.stringify({ status, files })),
        "the import could not finish",
      );
    },
  };
}
