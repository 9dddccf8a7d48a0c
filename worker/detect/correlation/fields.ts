/**
 * Typed reads of a correlation document's fields. Each read returns the value or throws
 * InvalidCorrelation with the reason, so parseCorrelationRule can report the first problem found.
 */
export class InvalidCorrelation extends Error {}

export type Doc = Record<string, unknown>;

export function fail(reason: string): never {
  throw new InvalidCorrelation(reason);
}

export function isMap(value: unknown): value is Doc {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function optionalText(doc: Doc, key: string, label = key): string | null {
  const value = doc[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") fail(`'${label}' must be a string`);
  return value;
}

/** A list of strings; a lone string counts as a list of one, as Sigma tools accept it. */
export function textList(value: unknown, label: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  fail(`'${label}' must be a string or a list of strings`);
}
