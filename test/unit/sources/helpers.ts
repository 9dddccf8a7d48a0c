import { expect } from "vitest";
import type { NormaliseContext, NormaliseResult } from "../../../worker/ingest/normalise.ts";
import type { NormalisedEvent } from "../../../worker/model/event.ts";

/** 2026-11-23T12:00:00Z: late in the year, so year inference has room both ways. */
export const ctx: NormaliseContext = { receivedAt: Date.UTC(2026, 10, 23, 12, 0, 0) };

export function eventOf(result: NormaliseResult): NormalisedEvent {
  if (!result.ok) expect.fail(`expected an event, got the error "${result.error}"`);
  return result.event;
}

export function errorOf(result: NormaliseResult): string {
  if (result.ok) expect.fail(`expected an error, got an event of dataset ${result.event.dataset}`);
  return result.error;
}
