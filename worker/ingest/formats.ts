/**
 * How a record is read. Almost every record is detected by its shape ("auto"); PocketSIEM's and
 * Falco's endpoints name their format instead, because their items carry no tell-tale shape. The
 * formats are the ones the sources declare (sources/registry.ts). The format travels with the
 * record through the retry queue, so a queued record is read the same way.
 */

import type { Normaliser } from "../sources/common/result.ts";
import { SOURCE_FORMATS, type SourceFormatName } from "../sources/registry.ts";
import { normaliseRecord } from "./normalise.ts";

export type FormatName = "auto" | SourceFormatName;

export const FORMATS: Readonly<Record<FormatName, Normaliser>> = { auto: normaliseRecord, ...SOURCE_FORMATS };

export function isFormatName(value: unknown): value is FormatName {
  return typeof value === "string" && Object.hasOwn(FORMATS, value);
}
