/** Falco's `http_output` alerts, stored as events of `falco.alerts` (Falco has already decided). */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";
import { HOST_ACTIVITY_KEYS } from "../common/host-activity.ts";

export const FALCO: SourceDescriptor = {
  name: "falco",
  recognition: { by: "format", formats: ["falco"] },
  datasets: ["falco.alerts"],
  logsources: [],
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: [],
  quickViewFields: { summary: ["output"] },
  eventColumns: ["host.name", "event.action", "user.name", "process.command_line"],
};
