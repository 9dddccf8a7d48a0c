/** Any other JSON object: its dataset is its own `dataset` key, or `generic`. */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";
import { HOST_ACTIVITY_KEYS } from "../common/host-activity.ts";

export const GENERIC: SourceDescriptor = {
  name: "generic",
  recognition: { by: "fallback", shape: "any other JSON object" },
  datasets: ["*"],
  logsources: [],
  fieldNames: { "host.name": ["hostname"] },
  columnNames: [],
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: [],
  quickViewFields: {},
  eventColumns: ["host.name", "event.action"],
  // Its datasets are its records' own: coverage cannot tell what they carry (see coverage/simple-rule-inputs.ts).
  simpleRuleInputs: { detailText: [], addresses: [] },
};
