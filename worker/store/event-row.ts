/**
 * One event as a row of the events table: the stored columns and their values in one order, shared
 * by the D1 batch writer and the SQLite baseline it is benchmarked against.
 */
import type { PreparedEvent } from "../model/prepared-event.ts";

/** The columns of one event row, in the order `eventRow` gives their values. */
export const EVENT_COLUMNS = [
  "ts",
  "host",
  "source",
  "dataset",
  "event_code",
  "category",
  "action",
  "outcome",
  "user",
  "process",
  "command_line",
  "parent_process",
  "src_ip",
  "src_port",
  "dst_ip",
  "dst_port",
  "raw",
  "rule_hits",
  "batch_index",
] as const;

/**
 * The events table's columns, all of them: an archived row goes back exactly as it was. The
 * writer's columns plus those it fills from the batch and the id SQLite assigns.
 */
export const ARCHIVE_COLUMNS = ["id", "received_at", "batch_id", "import_id", ...EVENT_COLUMNS] as const;

type ArchiveColumn = (typeof ARCHIVE_COLUMNS)[number];
export type ArchivedEvent = Record<ArchiveColumn, string | number | null> & { id: number };

export function eventRow(prepared: PreparedEvent, ruleHits: readonly string[] | undefined): unknown[] {
  const e = prepared.event;
  return [
    e.ts,
    e.host,
    e.source,
    e.dataset,
    e.eventCode,
    e.category,
    e.action,
    e.outcome,
    e.user,
    e.process,
    e.commandLine,
    e.parentProcess,
    e.srcIp,
    e.srcPort,
    e.dstIp,
    e.dstPort,
    prepared.rawJson,
    ruleHits === undefined ? null : JSON.stringify(ruleHits),
    prepared.index,
  ];
}
