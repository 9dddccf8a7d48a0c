/** Winlogbeat / Elastic Agent / other ECS documents: Windows events first, any ECS dataset otherwise. */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";
import { HOST_ACTIVITY_KEYS } from "../common/host-activity.ts";
import {
  WINDOWS_COLUMN_NAMES,
  WINDOWS_DATASETS,
  WINDOWS_EVENT_COLUMNS,
  WINDOWS_FIELD_NAMES,
  WINDOWS_LOGSOURCES,
  WINDOWS_QUICK_VIEW_FIELDS,
  WINDOWS_QUICK_VIEWS,
  WINDOWS_SIMPLE_RULE_INPUTS,
} from "../common/windows-declarations.ts";

/** A document names its own dataset (`event.dataset`), so it may be any. */
/** Winlogbeat keeps the Windows names in `winlog.*`; ECS itself names the rest. */
const FIELD_NAMES = {
  ...WINDOWS_FIELD_NAMES,
  "host.name": [...(WINDOWS_FIELD_NAMES["host.name"] ?? []), "host.hostname"],
  "event.code": [...(WINDOWS_FIELD_NAMES["event.code"] ?? []), "winlog.event_id"],
  "winlog.provider_name": [...(WINDOWS_FIELD_NAMES["winlog.provider_name"] ?? []), "event.provider"],
};

const DATASETS = [...WINDOWS_DATASETS, "*"];

export const ECS: SourceDescriptor = {
  name: "ecs",
  recognition: { by: "shape", shape: "`winlog`, `event` or `process` branches, nested or dotted" },
  datasets: DATASETS,
  logsources: WINDOWS_LOGSOURCES,
  fieldNames: FIELD_NAMES,
  columnNames: WINDOWS_COLUMN_NAMES,
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: WINDOWS_QUICK_VIEWS,
  quickViewFields: {
    ...WINDOWS_QUICK_VIEW_FIELDS,
    summary: [...(WINDOWS_QUICK_VIEW_FIELDS.summary ?? []), "message", "Message"],
  },
  eventColumns: WINDOWS_EVENT_COLUMNS,
  simpleRuleInputs: WINDOWS_SIMPLE_RULE_INPUTS,
};
