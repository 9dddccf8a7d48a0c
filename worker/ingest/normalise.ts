/**
 * One ingested record -> the EdgeSIEM event model. The format is detected per record, so one batch
 * may mix sources: the shape sources of sources/descriptors.ts are asked in their order, most
 * specific shape first (nested EVTX-JSON, flat EVTX, ECS, Zeek, Linux auth log), and the fallback
 * source reads anything else that is an object. PocketSIEM and Falco bodies arrive on their own
 * endpoints and are read by the formats those endpoints name (formats.ts).
 */

import type { NormaliseContext, NormaliseResult } from "../sources/common/result.ts";
import { isRecord } from "../sources/common/values.ts";
import { FALLBACK_PARSER, SHAPE_PARSERS } from "../sources/registry.ts";

export type { NormaliseContext, NormaliseResult } from "../sources/common/result.ts";
export { normaliseFalcoAlert } from "../sources/falco/parse.ts";
export { normalisePocketSiemSshLogin } from "../sources/pocketsiem/ssh.ts";
export {
  normalisePocketSiemItem,
  normalisePocketSiemWinlog,
  splitPocketSiemWinlog,
} from "../sources/pocketsiem/winlog.ts";

export function normaliseRecord(record: unknown, ctx: NormaliseContext): NormaliseResult {
  if (Array.isArray(record)) return { ok: false, error: "event is a JSON array, not a JSON object" };
  if (!isRecord(record)) return { ok: false, error: "event is not a JSON object" };
  const parser = SHAPE_PARSERS.find((source) => source.recognises(record));
  return parser ? parser.normalise(record, ctx) : FALLBACK_PARSER.normalise(record, ctx);
}
