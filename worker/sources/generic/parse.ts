/**
 * Any other JSON object: fields kept flat, columns read from whatever ECS names it uses. Records with
 * `event.*` keys never get here (they are ECS), so the dataset comes from a plain `dataset` key.
 */
import { ecsColumns } from "../common/ecs-columns.ts";
import { flatten } from "../common/flatten.ts";
import { buildEvent, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { firstText, text } from "../common/values.ts";

const TIMESTAMP_FIELDS = ["@timestamp", "timestamp", "time", "ts", "date", "datetime"];

export function normaliseGeneric(record: Record<string, unknown>): NormaliseResult {
  const time = timestampFrom(record, TIMESTAMP_FIELDS);
  if (!time.ok) return time;
  const fields = flatten(record);
  const columns = ecsColumns(fields);
  const dataset = typeof record.dataset === "string" ? text(record.dataset) : null;
  return buildEvent(
    { ts: time.ts, source: "generic", dataset: dataset ?? "generic", fields, raw: record },
    { ...columns, host: columns.host ?? firstText(fields, ["host", "hostname"]) },
  );
}
