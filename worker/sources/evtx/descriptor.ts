/** Flat EVTX records as the EdgeSIEM agents send them: Windows event logs and Sysmon for Linux. */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";
import { HOST_ACTIVITY_KEYS } from "../common/host-activity.ts";
import {
  LINUX_SYSMON_LOGSOURCES,
  LINUX_SYSMON_SIMPLE_RULE_INPUTS,
  simpleRuleInputs,
  WINDOWS_COLUMN_NAMES,
  WINDOWS_DATASETS,
  WINDOWS_EVENT_COLUMNS,
  WINDOWS_FIELD_NAMES,
  WINDOWS_LOGSOURCES,
  WINDOWS_QUICK_VIEW_FIELDS,
  WINDOWS_QUICK_VIEWS,
  WINDOWS_SIMPLE_RULE_INPUTS,
} from "../common/windows-declarations.ts";

export const EVTX: SourceDescriptor = {
  name: "evtx",
  // Before ECS: agent records are flat and may carry any EventData name.
  recognition: { by: "shape", shape: "a top-level `Channel` text and `EventID`" },
  datasets: WINDOWS_DATASETS,
  logsources: [...WINDOWS_LOGSOURCES, ...LINUX_SYSMON_LOGSOURCES],
  fieldNames: WINDOWS_FIELD_NAMES,
  columnNames: WINDOWS_COLUMN_NAMES,
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: WINDOWS_QUICK_VIEWS,
  quickViewFields: WINDOWS_QUICK_VIEW_FIELDS,
  eventColumns: WINDOWS_EVENT_COLUMNS,
  simpleRuleInputs: simpleRuleInputs(WINDOWS_SIMPLE_RULE_INPUTS, LINUX_SYSMON_SIMPLE_RULE_INPUTS),
};
