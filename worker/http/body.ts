/** Reading and checking JSON request bodies, with errors that name the field at fault. */

import { ApiError } from "./api-error.ts";
import type { AppContext } from "./context.ts";

const MAX_JSON_BODY = 64 * 1024;

export async function readJsonObject(c: AppContext, maxBytes = MAX_JSON_BODY): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new ApiError(415, "send the body as application/json");
  }
  // Content-Length refuses a large body before it is read; the byte count catches one sent without it.
  const tooLarge = new ApiError(413, `body exceeds ${maxBytes} bytes`);
  if (Number(c.req.header("content-length")) > maxBytes) throw tooLarge;
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > maxBytes) throw tooLarge;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, "body is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `invalid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ApiError(400, "body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

export function stringField(
  body: Record<string, unknown>,
  name: string,
  rules: { min?: number; max?: number; pattern?: RegExp; patternHint?: string } = {},
): string {
  const value = body[name];
  if (typeof value !== "string") throw new ApiError(400, `'${name}' is required and must be a string`);
  const { min = 1, max = 256 } = rules;
  if (value.length < min || value.length > max) {
    throw new ApiError(400, `'${name}' must be ${min} to ${max} characters long`);
  }
  if (rules.pattern && !rules.pattern.test(value)) {
    throw new ApiError(400, `'${name}' ${rules.patternHint ?? "has characters that are not allowed"}`);
  }
  return value;
}

/** Decimal digits only: Number() alone would also read `1e0`, `0x1`, `+1` and ` 1` as 1. */
export function positiveIntParam(value: string | undefined, name: string): number {
  const n = /^[1-9][0-9]*$/.test(value ?? "") ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new ApiError(400, `'${name}' must be a positive integer`);
  return n;
}
