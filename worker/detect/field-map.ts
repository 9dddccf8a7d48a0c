/**
 * The one field map of the detection engine: which names mean the same value. A rule written for
 * Sysmon asks `Image`; the same value is `NewProcessName` in a 4688 event, `process.executable` in
 * an ECS document and the `process` column of a Falco alert. Each name is resolved once per process
 * into a `FieldResolver`; reading an event through it is then a few property reads.
 */
import { ECS_COLUMNS, type FieldValue, type NormalisedEvent } from "../model/event.ts";

type ColumnReader = (event: NormalisedEvent) => FieldValue;

/**
 * Names that hold the same value in different log formats, in the order they are tried. Each name
 * falls back to the others of its group; the column (if any) is the normalised value behind them.
 */
interface AliasGroup {
  names: readonly string[];
  column?: ColumnReader;
}

const ALIAS_GROUPS: readonly AliasGroup[] = [
  { names: ["Image", "NewProcessName", "process.executable", "proc.exepath"], column: (e) => e.process },
  {
    names: ["ParentImage", "ParentProcessName", "process.parent.executable", "proc.pexepath"],
    column: (e) => e.parentProcess,
  },
  { names: ["CommandLine", "process.command_line", "proc.cmdline"], column: (e) => e.commandLine },
  { names: ["ParentCommandLine", "process.parent.command_line", "proc.pcmdline"] },
  { names: ["ProcessId", "process.pid", "proc.pid"] },
  { names: ["ParentProcessId", "process.parent.pid", "proc.ppid"] },
  { names: ["OriginalFileName", "process.pe.original_file_name"] },
  { names: ["CurrentDirectory", "process.working_directory", "proc.cwd"] },
  { names: ["User", "user.name"], column: (e) => e.user },
  { names: ["Computer", "host.name", "host.hostname", "hostname", "_system_name"], column: (e) => e.host },
  { names: ["EventID", "event.code", "winlog.event_id"], column: (e) => e.eventCode },
  { names: ["Channel", "winlog.channel"] },
  { names: ["Provider_Name", "ProviderName", "winlog.provider_name", "event.provider"] },
  { names: ["SourceIp", "IpAddress", "source.ip", "id.orig_h", "src_ip", "fd.cip"], column: (e) => e.srcIp },
  { names: ["SourcePort", "IpPort", "source.port", "id.orig_p", "src_port", "fd.cport"], column: (e) => e.srcPort },
  { names: ["DestinationIp", "destination.ip", "id.resp_h", "dst_ip", "fd.sip"], column: (e) => e.dstIp },
  {
    names: ["DestinationPort", "destination.port", "id.resp_p", "dst_port", "DestPort", "fd.sport"],
    column: (e) => e.dstPort,
  },
  { names: ["DestinationHostname", "destination.domain"] },
  { names: ["TargetFilename", "file.path"] },
  { names: ["TargetObject", "registry.path"] },
  { names: ["QueryName", "dns.question.name", "query"] },
  { names: ["c-uri", "cs-uri", "uri", "url.original", "url.full"] },
  { names: ["cs-uri-stem", "url.path"] },
  { names: ["cs-uri-query", "c-uri-query", "url.query"] },
  { names: ["cs-method", "method", "http.request.method"] },
  { names: ["cs-host", "host", "url.domain"] },
  { names: ["c-useragent", "cs-user-agent", "user_agent", "user_agent.original"] },
  { names: ["cs-referer", "referrer", "http.request.referrer"] },
  { names: ["sc-status", "status_code", "http.response.status_code"] },
  { names: ["event.dataset"], column: (e) => e.dataset },
  { names: ["event.category"], column: (e) => e.category },
  { names: ["event.action"], column: (e) => e.action },
  { names: ["event.outcome"], column: (e) => e.outcome },
  { names: ["event.module"], column: (e) => e.source },
  { names: ["@timestamp"], column: (e) => e.ts },
];

/**
 * One-way fallbacks: SigmaHQ's `antivirus` category writes Signature and Filename, which Defender
 * calls `Threat Name` and `Path` (logsource-mapping-thor.yml). One-way, because Sysmon's own
 * `Signature` (an image's signer) must never answer a rule asking for a threat name.
 */
const ONE_WAY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  Signature: ["ThreatName"],
  Filename: ["Path"],
};

/** Field names compared loosely: `Threat Name`, `ThreatName` and `threatname` are one name. */
export function looseName(name: string): string {
  return name.replace(/ /g, "").toLowerCase();
}

/** ECS column names mean the normalised column on every event, Windows or not. */
const ECS_NAMES: ReadonlySet<string> = new Set(Object.keys(ECS_COLUMNS));

const GROUP_BY_NAME = new Map<string, AliasGroup>();
for (const group of ALIAS_GROUPS) {
  for (const name of group.names) {
    if (GROUP_BY_NAME.has(looseName(name))) throw new Error(`field map: '${name}' is in two alias groups`);
    GROUP_BY_NAME.set(looseName(name), group);
  }
}

/** How one field name is read from any event. */
export interface FieldResolver {
  /** The name as asked, then its aliases: each is tried as an exact native field name. */
  readonly names: readonly string[];
  /** The same names in loose form, tried when no exact name is present. */
  readonly looseNames: readonly string[];
  readonly column: ColumnReader | null;
  /**
   * ECS column names (`source.port`) mean the normalised column: it answers before any alias, on
   * every event. Native names fall back to it last, and not on Windows events: there the column
   * merges several fields (`process` is Image, ProcessName or SourceImage), and a rule asking
   * `Image` of a 4624 logon must not be answered with the logon process.
   */
  readonly ecsColumn: boolean;
  /** Sigma compares EventID as a number; some shippers send it as text. */
  readonly numeric: boolean;
}

/** Rules name a few hundred distinct fields; the bound only keeps ad-hoc names from piling up. */
const resolvers = new Map<string, FieldResolver>();
const MAX_RESOLVERS = 4096;

function buildResolver(name: string): FieldResolver {
  const group = GROUP_BY_NAME.get(looseName(name));
  const oneWay = Object.hasOwn(ONE_WAY_ALIASES, name) ? (ONE_WAY_ALIASES[name] ?? []) : [];
  const aliases = [...(group?.names ?? []), ...oneWay].filter((alias) => alias !== name);
  const names = [name, ...aliases];
  return {
    names,
    looseNames: [...new Set(names.map(looseName))],
    column: group?.column ?? null,
    ecsColumn: ECS_NAMES.has(name),
    numeric: looseName(name) === "eventid",
  };
}

/** The resolver of a field name; built on first use and shared by every event view. */
export function resolveField(name: string): FieldResolver {
  let resolver = resolvers.get(name);
  if (resolver === undefined) {
    resolver = buildResolver(name);
    if (resolvers.size < MAX_RESOLVERS) resolvers.set(name, resolver);
  }
  return resolver;
}
