/** What every adapter returns, and the event builder that fills the columns an adapter leaves unset. */
import type { NormalisedEvent } from "../../model/event.ts";

export type NormaliseResult = { ok: true; event: NormalisedEvent } | { ok: false; error: string };

export interface NormaliseContext {
  /** Epoch ms the batch arrived; syslog lines carry no year, so it is inferred from this. */
  receivedAt: number;
}

export type EventColumns = Omit<NormalisedEvent, "ts" | "source" | "dataset" | "fields" | "raw">;

type EventBase = Pick<NormalisedEvent, "ts" | "source" | "dataset" | "fields" | "raw">;

export function buildEvent(base: EventBase, columns: Partial<EventColumns>): NormaliseResult {
  return {
    ok: true,
    event: {
      ts: base.ts,
      host: columns.host ?? null,
      source: base.source,
      dataset: base.dataset,
      eventCode: columns.eventCode ?? null,
      category: columns.category ?? null,
      action: columns.action ?? null,
      outcome: columns.outcome ?? null,
      user: columns.user ?? null,
      process: columns.process ?? null,
      commandLine: columns.commandLine ?? null,
      parentProcess: columns.parentProcess ?? null,
      srcIp: columns.srcIp ?? null,
      srcPort: columns.srcPort ?? null,
      dstIp: columns.dstIp ?? null,
      dstPort: columns.dstPort ?? null,
      fields: base.fields,
      raw: base.raw,
    },
  };
}

/** Reads one record of a named format (the format's endpoint vouches for the shape). */
export type Normaliser = (record: unknown, ctx: NormaliseContext) => NormaliseResult;
