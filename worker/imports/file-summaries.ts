/**
 * The per-file summary a client sends when an import ends, checked field by field: it is shown to
 * every analyst, so its size is bounded and a bad one is refused with the field at fault named.
 */
import type { ImportFileSummary, ImportReason } from "../model/wire/imports.ts";

export const MAX_IMPORT_FILES = 10_000;
const MAX_REASONS = 20;
const MAX_PROBLEMS = 20;
const MAX_TEXT = 1024;

export class ImportSummaryError extends Error {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown, where: string): string {
  if (typeof value !== "string" || value.length === 0)
    throw new ImportSummaryError(`${where} must be a non-empty string`);
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
}

function count(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new ImportSummaryError(`${where} must be a whole number, 0 or more`);
  }
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ImportSummaryError(`${where} must be a list`);
  return value;
}

function reasons(value: unknown, where: string): ImportReason[] {
  return list(value, where)
    .slice(0, MAX_REASONS)
    .map((item, i) => {
      if (!isObject(item)) throw new ImportSummaryError(`${where}[${i}] must be an object`);
      return { reason: text(item.reason, `${where}[${i}].reason`), count: count(item.count, `${where}[${i}].count`) };
    });
}

function fileSummary(value: unknown, where: string): ImportFileSummary {
  if (!isObject(value)) throw new ImportSummaryError(`${where} must be an object`);
  return {
    file: text(value.file, `${where}.file`),
    format: text(value.format, `${where}.format`),
    bytes: count(value.bytes, `${where}.bytes`),
    records: count(value.records, `${where}.records`),
    stored: count(value.stored, `${where}.stored`),
    rejected: count(value.rejected, `${where}.rejected`),
    reasons: reasons(value.reasons ?? [], `${where}.reasons`),
    alerts: count(value.alerts, `${where}.alerts`),
    problems: list(value.problems ?? [], `${where}.problems`)
      .slice(0, MAX_PROBLEMS)
      .map((problem, i) => text(problem, `${where}.problems[${i}]`)),
  };
}

export function parseFileSummaries(value: unknown): ImportFileSummary[] {
  const files = list(value, "'files'");
  if (files.length > MAX_IMPORT_FILES) throw new ImportSummaryError(`'files' holds at most ${MAX_IMPORT_FILES} files`);
  return files.map((file, i) => fileSummary(file, `'files'[${i}]`));
}

/** A stored summary, written by parseFileSummaries; an unreadable one shows as no files. */
export function storedFileSummaries(json: string): ImportFileSummary[] {
  try {
    return parseFileSummaries(JSON.parse(json));
  } catch {
    return [];
  }
}
