/**
 * How every field name the engine and the search know resolves: the names tried, in order, the
 * normalised column, the ECS-column flag and the indexed column. A change here changes which value
 * a rule, an exception or a search reads, so it must be deliberate.
 */
import { describe, expect, it } from "vitest";
import type { NormalisedEvent } from "../../../worker/model/event.ts";
import { FIELD_COLUMNS, FIELD_MAP } from "../../../worker/sources/field-map.ts";

const KNOWN_NAMES = [
  ...["Image", "NewProcessName", "process.executable", "proc.exepath"],
  ...["ParentImage", "ParentProcessName", "process.parent.executable", "proc.pexepath"],
  ...["CommandLine", "process.command_line", "proc.cmdline"],
  ...["ParentCommandLine", "process.parent.command_line", "proc.pcmdline"],
  ...["ProcessId", "process.pid", "proc.pid"],
  ...["ParentProcessId", "process.parent.pid", "proc.ppid"],
  ...["OriginalFileName", "process.pe.original_file_name"],
  ...["CurrentDirectory", "process.working_directory", "proc.cwd"],
  ...["User", "user.name"],
  ...["Computer", "host.name", "host.hostname", "hostname", "_system_name"],
  ...["EventID", "event.code", "winlog.event_id"],
  ...["Channel", "winlog.channel"],
  ...["Provider_Name", "ProviderName", "winlog.provider_name", "event.provider"],
  ...["SourceIp", "IpAddress", "source.ip", "id.orig_h", "src_ip", "fd.cip"],
  ...["SourcePort", "IpPort", "source.port", "id.orig_p", "src_port", "fd.cport"],
  ...["DestinationIp", "destination.ip", "id.resp_h", "dst_ip", "fd.sip"],
  ...["DestinationPort", "destination.port", "id.resp_p", "dst_port", "DestPort", "fd.sport"],
  ...["DestinationHostname", "destination.domain"],
  ...["TargetFilename", "file.path"],
  ...["TargetObject", "registry.path"],
  ...["QueryName", "dns.question.name", "query"],
  ...["c-uri", "cs-uri", "uri", "url.original", "url.full"],
  ...["cs-uri-stem", "url.path"],
  ...["cs-uri-query", "c-uri-query", "url.query"],
  ...["cs-method", "method", "http.request.method"],
  ...["cs-host", "host", "url.domain"],
  ...["c-useragent", "cs-user-agent", "user_agent", "user_agent.original"],
  ...["cs-referer", "referrer", "http.request.referrer"],
  ...["sc-status", "status_code", "http.response.status_code"],
  ...["event.dataset", "event.category", "event.action", "event.outcome", "event.module", "@timestamp"],
  ...["Signature", "Filename", "Details", "image", "IMAGE", "Threat Name", "unknown.field"],
];

/** Every column holds its own name, so a resolver's column reader shows which column it reads. */
const COLUMNS_BY_NAME: NormalisedEvent = {
  ts: 1,
  host: "host",
  source: "generic",
  dataset: "dataset",
  eventCode: "eventCode",
  category: "category",
  action: "action",
  outcome: "unknown",
  user: "user",
  process: "process",
  commandLine: "commandLine",
  parentProcess: "parentProcess",
  srcIp: "srcIp",
  srcPort: 2,
  dstIp: "dstIp",
  dstPort: 3,
  fields: {},
  raw: {},
};

function resolutionOf(name: string) {
  const resolver = FIELD_MAP.resolve(name);
  return {
    names: resolver.names,
    looseNames: resolver.looseNames,
    column: resolver.column === null ? null : resolver.column(COLUMNS_BY_NAME),
    ecsColumn: resolver.ecsColumn,
    numeric: resolver.numeric,
    indexedColumn: FIELD_COLUMNS.columnFor(name),
    indexedColumnLowerCase: FIELD_COLUMNS.columnFor(name.toLowerCase()),
  };
}

describe("field name resolution", () => {
  it("resolves every known field name to the same aliases, columns and indexed column", () => {
    expect(Object.fromEntries(KNOWN_NAMES.map((name) => [name, resolutionOf(name)]))).toMatchSnapshot();
  });
});
