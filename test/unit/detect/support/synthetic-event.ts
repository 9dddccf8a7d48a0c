/**
 * A hand-made NormalisedEvent for engine unit tests that only need a timestamp and a few fields.
 * Tests of real log shapes build their events through the ingest adapters instead.
 */
import type { FieldValue, NormalisedEvent } from "../../../../worker/model/event.ts";

export function syntheticEvent(ts: number, fields: Record<string, FieldValue> = {}): NormalisedEvent {
  return {
    ts,
    host: null,
    source: "generic",
    dataset: "generic",
    eventCode: null,
    category: null,
    action: null,
    outcome: null,
    user: null,
    process: null,
    commandLine: null,
    parentProcess: null,
    srcIp: null,
    srcPort: null,
    dstIp: null,
    dstPort: null,
    fields,
    raw: fields,
  };
}
