/** Real adapter output for the field-map tests: records go through the ingest's own `prepareRecord`. */
import { expect } from "vitest";
import type { FormatName } from "../../../../worker/ingest/formats.ts";
import { prepareRecord } from "../../../../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../../../../worker/model/event.ts";

export const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);

export function prepared(record: unknown, format: FormatName = "auto"): NormalisedEvent {
  const outcome = prepareRecord(record, 0, RECEIVED_AT, format);
  if (!("event" in outcome)) expect.fail(`the ingest rejected the record: ${outcome.error}`);
  return outcome.event;
}
