/**
 * One ingested record -> the EdgeSIEM event model. The format is detected per record, so one batch
 * may mix sources. Detection order, most specific shape first:
 *   1. nested EVTX-JSON   `Event.System` objects           (evtx_dump output; a unique wrapper)
 *   2. flat EVTX          top-level `Channel` + `EventID`  (before ECS: agent records are flat and
 *                                                           may carry any EventData name)
 *   3. ECS / Winlogbeat   `winlog.*`, `event.*` or `process.*`, nested or dotted
 *   4. Zeek               `_path` or `id.orig_h`           (Zeek logs have no ECS branches)
 *   5. Linux auth log     `message` with a syslog prefix   (checked late: many shapes have a `message`)
 *   6. generic            anything else that is an object
 * PocketSIEM and Falco bodies arrive on their own endpoints and have their own entry points below.
 */

import type { NormaliseContext, NormaliseResult } from "./sources/common/result.ts";
import { isRecord } from "./sources/common/values.ts";
import { isEcs, normaliseEcs } from "./sources/ecs/parse.ts";
import { isFlatEvtx, normaliseFlatEvtx } from "./sources/evtx/parse.ts";
import { isEvtxJson, normaliseEvtxJson } from "./sources/evtx_json/parse.ts";
import { normaliseGeneric } from "./sources/generic/parse.ts";
import { isLinuxAuth, normaliseLinuxAuth } from "./sources/linux_auth/parse.ts";
import { isZeek, normaliseZeek } from "./sources/zeek/parse.ts";

export type { NormaliseContext, NormaliseResult } from "./sources/common/result.ts";
export { normaliseFalcoAlert } from "./sources/falco/parse.ts";
export { normalisePocketSiemSshLogin } from "./sources/pocketsiem/ssh.ts";
export {
  normalisePocketSiemItem,
  normalisePocketSiemWinlog,
  splitPocketSiemWinlog,
} from "./sources/pocketsiem/winlog.ts";

export function normaliseRecord(record: unknown, ctx: NormaliseContext): NormaliseResult {
  if (Array.isArray(record)) return { ok: false, error: "event is a JSON array, not a JSON object" };
  if (!isRecord(record)) return { ok: false, error: "event is not a JSON object" };
  if (isEvtxJson(record)) return normaliseEvtxJson(record);
  if (isFlatEvtx(record)) return normaliseFlatEvtx(record);
  if (isEcs(record)) return normaliseEcs(record);
  if (isZeek(record)) return normaliseZeek(record);
  if (isLinuxAuth(record)) return normaliseLinuxAuth(record, ctx);
  return normaliseGeneric(record);
}
