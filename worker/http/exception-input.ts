/** Reading the parts of an exception from a request body, with errors that name the field at fault. */
import { FIELD_NAME_PATTERN } from "../model/fields.ts";
import { ApiError } from "./api-error.ts";
import { stringField } from "./body.ts";

export const MAX_EXCEPTION_VALUE = 2048;

export function exceptionField(body: Record<string, unknown>): string {
  return stringField(body, "field", {
    max: 128,
    pattern: FIELD_NAME_PATTERN,
    patternHint: "must be a field name: letters, digits, spaces and _ @ . -",
  });
}

export function optionalText(body: Record<string, unknown>, name: string, max: number): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ApiError(400, `'${name}' must be a string`);
  if (value.length > max) throw new ApiError(400, `'${name}' must be at most ${max} characters long`);
  return value;
}

export function rejectUnknownFields(body: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${k}'`).join(", ")}; expected ${known.join(", ")}`,
    );
  }
}
