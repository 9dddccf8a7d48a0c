/** Falco's `http_output` alerts, stored as events of `falco.alerts` (Falco has already decided). */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";
import { HOST_ACTIVITY_KEYS } from "../common/host-activity.ts";

export const FALCO: SourceDescriptor = {
  name: "falco",
  recognition: { by: "format", formats: ["falco"] },
  datasets: ["falco.alerts"],
  logsources: [],
  // Falco's own field names, as its rules and output_fields write them.
  fieldNames: {
    "process.executable": ["proc.exepath"],
    "process.parent.executable": ["proc.pexepath"],
    "process.command_line": ["proc.cmdline"],
    "process.parent.command_line": ["proc.pcmdline"],
    "process.pid": ["proc.pid"],
    "process.parent.pid": ["proc.ppid"],
    "process.working_directory": ["proc.cwd"],
    "host.name": ["hostname"],
    "source.ip": ["fd.cip"],
    "source.port": ["fd.cport"],
    "destination.ip": ["fd.sip"],
    "destination.port": ["fd.sport"],
  },
  columnNames: [],
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: [],
  quickViewFields: { summary: ["output"] },
  eventColumns: ["host.name", "event.action", "user.name", "process.command_line"],
  // proc.cmdline is the command-line column; fd.cip and fd.sip the addresses of a network alert.
  simpleRuleInputs: { detailText: [{ dataset: "falco.alerts" }], addresses: [{ dataset: "falco.alerts" }] },
};
