/** Nested EVTX-JSON as `evtx_dump -o json` writes it: the Windows event logs, declared as data. */
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

export const EVTX_JSON: SourceDescriptor = {
  name: "evtx_json",
  recognition: { by: "shape", shape: "an `Event.System` object (evtx_dump's unique wrapper)" },
  datasets: WINDOWS_DATASETS,
  logsources: WINDOWS_LOGSOURCES,
  fieldNames: WINDOWS_FIELD_NAMES,
  columnNames: WINDOWS_COLUMN_NAMES,
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: WINDOWS_QUICK_VIEWS,
  quickViewFields: WINDOWS_QUICK_VIEW_FIELDS,
  eventColumns: WINDOWS_EVENT_COLUMNS,
  simpleRuleInputs: WINDOWS_SIMPLE_RULE_INPUTS,
};
