/**
 * PocketSIEM's agent bodies: `/winlog` lists turned back into the Windows events they were read
 * from, and `/sshlogin` forms stored as `linux.auth` logons.
 */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";
import { HOST_ACTIVITY_KEYS } from "../common/host-activity.ts";
import {
  WINDOWS_COLUMN_NAMES,
  WINDOWS_DATASETS,
  WINDOWS_EVENT_COLUMNS,
  WINDOWS_FIELD_NAMES,
  WINDOWS_LOGSOURCES,
  WINDOWS_QUICK_VIEWS,
  WINDOWS_SIMPLE_RULE_INPUTS,
} from "../common/windows-declarations.ts";

const DATASETS = [...WINDOWS_DATASETS, "linux.auth"];

export const POCKETSIEM: SourceDescriptor = {
  name: "pocketsiem",
  recognition: {
    by: "format",
    formats: [
      "pocketsiem.logins",
      "pocketsiem.processes",
      "pocketsiem.nets",
      "pocketsiem.files",
      "pocketsiem.events",
      "pocketsiem.sshlogin",
    ],
  },
  datasets: DATASETS,
  logsources: WINDOWS_LOGSOURCES,
  fieldNames: WINDOWS_FIELD_NAMES,
  columnNames: WINDOWS_COLUMN_NAMES,
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: WINDOWS_QUICK_VIEWS,
  // The agent's own names for what Windows calls LogonType, TargetFilename and the event's label.
  quickViewFields: { logonType: ["logon_type"], targetFilename: ["filename"], summary: ["EventLabel"] },
  eventColumns: WINDOWS_EVENT_COLUMNS,
  // `/sshlogin` forms name the address a logon came from.
  simpleRuleInputs: {
    detailText: WINDOWS_SIMPLE_RULE_INPUTS.detailText,
    addresses: [...WINDOWS_SIMPLE_RULE_INPUTS.addresses, { dataset: "linux.auth" }],
  },
};
