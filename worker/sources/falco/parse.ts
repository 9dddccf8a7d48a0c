/**
 * Falco's `http_output` alert (the body PocketSIEM took on `/falcolog`). Falco has already decided
 * this is an alert; it is stored as an event of dataset `falco.alerts` so the rules and the alert
 * view treat it like any other detection source.
 */
import { fieldMap, flattenInto } from "../common/flatten.ts";
import { buildEvent, type NormaliseContext, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { firstText, isRecord, text, toIp, toPort } from "../common/values.ts";

export function normaliseFalcoAlert(body: unknown, _ctx: NormaliseContext): NormaliseResult {
  if (!isRecord(body)) return { ok: false, error: "falco alert is not a JSON object" };
  const rule = text(body.rule);
  if (rule === null) return { ok: false, error: "falco alert has no 'rule'" };
  const time = timestampFrom(body, ["time"]);
  if (!time.ok) return time;
  const { output_fields: outputFields, ...alert } = body;
  const fields = flattenInto(fieldMap(), alert);
  // Falco's own field names (proc.cmdline, fd.sip, ...) are the native names its rules and users know.
  if (isRecord(outputFields)) flattenInto(fields, outputFields);
  return buildEvent(
    { ts: time.ts, source: "falco", dataset: "falco.alerts", fields, raw: body },
    {
      host: text(body.hostname),
      category: "intrusion_detection",
      action: rule,
      user: text(fields["user.name"]),
      process: firstText(fields, ["proc.exepath", "proc.exe", "proc.name"]),
      commandLine: text(fields["proc.cmdline"]),
      parentProcess: firstText(fields, ["proc.pexepath", "proc.pexe", "proc.pname"]),
      srcIp: toIp(fields["fd.cip"]),
      srcPort: toPort(fields["fd.cport"]),
      dstIp: toIp(fields["fd.sip"]),
      dstPort: toPort(fields["fd.sport"]),
    },
  );
}
