/**
 * Linux auth-log lines (sshd logons, sudo commands, any syslog line). Every syslog line the agent
 * ships is read here and stored as `linux.auth`; a shipper that names its own dataset may say
 * `linux.syslog`.
 */
import type { SourceDescriptor } from "../../model/source-descriptor.ts";
import { HOST_ACTIVITY_KEYS } from "../common/host-activity.ts";

const anyCode = (...datasets: string[]) => datasets.map((dataset) => ({ dataset, eventCode: null }));
const AUTH = anyCode("linux.auth");
const SYSLOG = anyCode("linux.syslog", "linux.auth");

export const LINUX_AUTH: SourceDescriptor = {
  name: "linux_auth",
  // Checked late: many shapes have a `message`.
  recognition: { by: "shape", shape: "a `message` text that starts with a syslog prefix" },
  datasets: ["linux.auth"],
  logsources: [
    {
      product: "linux",
      productOnly: anyCode("linux.auth", "linux.syslog", "linux.auditd"),
      services: {
        auth: AUTH,
        sshd: AUTH,
        sudo: AUTH,
        syslog: SYSLOG,
        cron: SYSLOG,
        vsftpd: SYSLOG,
        guacamole: SYSLOG,
        clamav: SYSLOG,
        auditd: anyCode("linux.auditd"),
      },
    },
  ],
  fieldNames: { "host.name": ["hostname"] },
  columnNames: [],
  keyFields: HOST_ACTIVITY_KEYS,
  quickViews: [{ view: "logins", dataset: "linux.auth", actions: ["ssh_login", "ssh_invalid_user"] }],
  quickViewFields: { summary: ["message"] },
  eventColumns: ["host.name", "event.action", "user.name", "process.command_line"],
  // sudo lines carry the command run (the command-line column), sshd lines the address of the client.
  simpleRuleInputs: { detailText: [{ dataset: "linux.auth" }], addresses: [{ dataset: "linux.auth" }] },
};
