/**
 * NXLog's Windows event log input (`im_msvistalog`, written out with `to_json()`): the same Windows
 * events as the agent's, under NXLog's names, so it declares what every Windows adapter declares.
 */
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

export const NXLOG: SourceDescriptor = {
  name: "nxlog",
  // Before the agent's flat records, which it resembles: NXLog names the computer `Hostname`.
  recognition: { by: "shape", shape: "a top-level `Channel` text, `EventID` and `Hostname`, no `Computer`" },
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
