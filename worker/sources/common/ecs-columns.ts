/** The indexed columns read from ECS field names, for any record that already speaks ECS. */
import type { FieldValue } from "../../model/event.ts";
import type { EventColumns } from "./result.ts";
import { firstOf, firstText, text, toIp, toOutcome, toPort } from "./values.ts";

export function ecsColumns(flat: Record<string, FieldValue>): Partial<EventColumns> {
  return {
    host: firstText(flat, ["host.name", "host.hostname"]),
    eventCode: text(flat["event.code"]),
    category: text(firstOf(flat["event.category"])),
    action: text(flat["event.action"]),
    outcome: toOutcome(flat["event.outcome"]),
    user: text(flat["user.name"]),
    process: text(flat["process.executable"]),
    commandLine: text(flat["process.command_line"]),
    parentProcess: text(flat["process.parent.executable"]),
    srcIp: toIp(flat["source.ip"]),
    srcPort: toPort(flat["source.port"]),
    dstIp: toIp(flat["destination.ip"]),
    dstPort: toPort(flat["destination.port"]),
  };
}
