/**
 * Agent tuning: from the log sources the enabled rules read, the collector settings that ship exactly
 * those sources — a Sysmon configuration, the Windows agent's channel and event-ID list, and the Linux
 * agent's settings. A source no enabled rule reads is left out, so its volume is never paid for.
 */
import { routeKey } from "../detect/logsource.ts";
import type { Route, SimpleRuleReads } from "../detect/types.ts";
import { windowsDataset } from "../sources/common/windows-dataset.ts";
import { simpleRuleRoutes } from "./simple-rule-inputs.ts";

/** One enabled rule and the routes it reads (null: every event, as a simple rule or keyword rule). */
export interface RuleNeed {
  id: string;
  title: string;
  kind: "sigma" | "simple" | "correlation";
  routes: readonly Route[] | null;
  /** A simple rule's need, which names the events it can match (simple-rule-inputs.ts). */
  simpleReads: SimpleRuleReads | null;
}

export const AGENT_KINDS = ["sysmon", "windows", "linux"] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

export interface AgentConfigFile {
  filename: string;
  contentType: string;
  body: string;
}

export interface AgentConfigOptions {
  /** The EdgeSIEM origin the agents send to. */
  url: string;
}

const SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";
const SYSMON_DATASET = windowsDataset(SYSMON_CHANNEL);
const TOKEN_PLACEHOLDER = "paste-the-agent-token-here";

/**
 * The routes each rule needs; rules that apply to any event narrow nothing and are left out. Simple
 * rules apply to any event but match only those with detail text (or, for IP lists alone, an address).
 */
function neededRoutes(rules: readonly RuleNeed[]): Map<string, { route: Route; rules: string[] }> {
  const needed = new Map<string, { route: Route; rules: string[] }>();
  for (const rule of rules) {
    const routes = rule.simpleReads === null ? (rule.routes ?? []) : simpleRuleRoutes(rule.simpleReads);
    for (const route of routes) {
      const key = routeKey(route);
      const entry = needed.get(key) ?? { route, rules: [] };
      if (!entry.rules.includes(rule.title)) entry.rules.push(rule.title);
      needed.set(key, entry);
    }
  }
  return needed;
}

/** Event codes a dataset needs: null when some rule reads every event of it. */
function codesFor(rules: readonly RuleNeed[], dataset: string): { codes: Set<number> | null; rules: string[] } | null {
  let codes: Set<number> | null = new Set();
  const titles: string[] = [];
  let found = false;
  for (const { route, rules: ruleTitles } of neededRoutes(rules).values()) {
    if (route.dataset !== dataset) continue;
    found = true;
    for (const title of ruleTitles) if (!titles.includes(title)) titles.push(title);
    if (route.eventCode === null) codes = null;
    else if (codes !== null) {
      const code = Number(route.eventCode);
      if (Number.isInteger(code)) codes.add(code);
    }
  }
  return found ? { codes, rules: titles } : null;
}

const sortedCodes = (codes: ReadonlySet<number>): number[] => [...codes].sort((a, b) => a - b);

const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Text safe inside an XML comment, which must not hold `--` nor end with `-`. */
const commentText = (text: string): string =>
  [...text]
    .map((char) => (char.charCodeAt(0) < 0x20 ? " " : char))
    .join("")
    .replace(/-{2,}/g, "-")
    .replace(/-$/, "");

/** Sysmon's filterable events: the element that filters them and, for shared elements, the EventType per ID. */
interface SysmonEvent {
  element: string;
  eventType?: string[];
}

const SYSMON_EVENTS: Record<number, SysmonEvent> = {
  1: { element: "ProcessCreate" },
  2: { element: "FileCreateTime" },
  3: { element: "NetworkConnect" },
  5: { element: "ProcessTerminate" },
  6: { element: "DriverLoad" },
  7: { element: "ImageLoad" },
  8: { element: "CreateRemoteThread" },
  9: { element: "RawAccessRead" },
  10: { element: "ProcessAccess" },
  11: { element: "FileCreate" },
  12: { element: "RegistryEvent", eventType: ["CreateKey", "DeleteKey"] },
  13: { element: "RegistryEvent", eventType: ["SetValue"] },
  14: { element: "RegistryEvent", eventType: ["RenameKey"] },
  15: { element: "FileCreateStreamHash" },
  17: { element: "PipeEvent", eventType: ["CreatePipe"] },
  18: { element: "PipeEvent", eventType: ["ConnectPipe"] },
  19: { element: "WmiEvent", eventType: ["WmiFilterEvent"] },
  20: { element: "WmiEvent", eventType: ["WmiConsumerEvent"] },
  21: { element: "WmiEvent", eventType: ["WmiBindingEvent"] },
  22: { element: "DnsQuery" },
  23: { element: "FileDelete" },
  24: { element: "ClipboardChange" },
  25: { element: "ProcessTampering" },
  26: { element: "FileDeleteDetected" },
  27: { element: "FileBlockExecutable" },
  28: { element: "FileBlockShredding" },
  29: { element: "FileExecutableDetected" },
};

/** Every filterable event ID; 4, 16 and 255 (service state, config change, error) cannot be filtered. */
export const SYSMON_FILTERABLE_IDS: readonly number[] = Object.keys(SYSMON_EVENTS).map(Number);

/** The filter of one Sysmon element: everything, nothing, or only some of its EventTypes. */
function sysmonElement(element: string, ids: readonly number[], kept: ReadonlySet<number>): string {
  const keptIds = ids.filter((id) => kept.has(id));
  const label = `Event ${ids.join(", ")}`;
  if (keptIds.length === 0) {
    return `    <!-- ${label}: no enabled rule reads it. -->\n    <RuleGroup name="" groupRelation="or">\n      <${element} onmatch="include"/>\n    </RuleGroup>`;
  }
  if (keptIds.length === ids.length) {
    return `    <!-- ${label}: kept. -->\n    <RuleGroup name="" groupRelation="or">\n      <${element} onmatch="exclude"/>\n    </RuleGroup>`;
  }
  const types = keptIds.flatMap((id) => SYSMON_EVENTS[id]?.eventType ?? []);
  const conditions = types.map((type) => `        <EventType condition="is">${escapeXml(type)}</EventType>`).join("\n");
  return `    <!-- ${label}: only event ${keptIds.join(", ")} kept. -->\n    <RuleGroup name="" groupRelation="or">\n      <${element} onmatch="include">\n${conditions}\n      </${element}>\n    </RuleGroup>`;
}

/** The Sysmon event IDs the rules need: every filterable one when a rule reads the whole channel. */
export function sysmonEventIds(rules: readonly RuleNeed[]): number[] {
  const need = codesFor(rules, SYSMON_DATASET);
  if (need === null) return [];
  if (need.codes === null) return [...SYSMON_FILTERABLE_IDS];
  return sortedCodes(need.codes).filter((id) => Object.hasOwn(SYSMON_EVENTS, id));
}

export function sysmonConfig(rules: readonly RuleNeed[]): string {
  const kept = new Set(sysmonEventIds(rules));
  const readers = codesFor(rules, SYSMON_DATASET)?.rules ?? [];
  const byElement = new Map<string, number[]>();
  for (const id of SYSMON_FILTERABLE_IDS) {
    const element = (SYSMON_EVENTS[id] as SysmonEvent).element;
    byElement.set(element, [...(byElement.get(element) ?? []), id]);
  }
  const sections = [...byElement].map(([element, ids]) => sysmonElement(element, ids, kept));
  const header = [
    "<!--",
    "  Sysmon configuration generated by EdgeSIEM from the enabled rules: it logs exactly the event IDs",
    "  they read. Install: sysmon64.exe -accepteula -i sysmonconfig.xml   Update: sysmon64.exe -c sysmonconfig.xml",
    `  Event IDs kept: ${kept.size === 0 ? "none" : [...kept].join(", ")}`,
    `  Rules reading Sysmon: ${readers.length === 0 ? "none" : commentText(readers.join("; "))}`,
    "-->",
  ].join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${header}\n<Sysmon schemaversion="4.90">\n  <HashAlgorithms>SHA256,IMPHASH</HashAlgorithms>\n  <EventFiltering>\n${sections.join("\n")}\n  </EventFiltering>\n</Sysmon>\n`;
}

/** The channels the Windows agent can read, in the order it reads them. */
const WINDOWS_CHANNELS = [
  "Security",
  SYSMON_CHANNEL,
  "Microsoft-Windows-PowerShell/Operational",
  "PowerShellCore/Operational",
  "Windows PowerShell",
  "System",
  "Microsoft-Windows-Windows Defender/Operational",
] as const;

export interface WindowsChannel {
  Name: string;
  /** Empty: every event of the channel (for Sysmon, every event its configuration lets through). */
  EventIds: number[];
}

export function windowsChannels(rules: readonly RuleNeed[]): WindowsChannel[] {
  return WINDOWS_CHANNELS.flatMap((channel): WindowsChannel[] => {
    const need = codesFor(rules, windowsDataset(channel));
    if (need === null) return [];
    // Sysmon's own configuration does the filtering, so the agent takes whatever it logs.
    const codes = channel === SYSMON_CHANNEL || need.codes === null ? [] : sortedCodes(need.codes);
    return [{ Name: channel, EventIds: codes }];
  });
}

/** agent.json for the Windows agent: its settings, with the channel list the enabled rules need. */
export function windowsAgentConfig(rules: readonly RuleNeed[], options: AgentConfigOptions): string {
  const config = {
    Url: options.url,
    Token: TOKEN_PLACEHOLDER,
    Channels: windowsChannels(rules),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The datasets the Linux agent ships: the auth log, stored as linux.auth (or linux.syslog by a shipper). */
const LINUX_AGENT_DATASETS = ["linux.auth", "linux.syslog"];

/** agent.conf for the Linux agent: on when a rule reads the auth log; other Linux sources named as not shipped. */
export function linuxAgentConfig(rules: readonly RuleNeed[], options: AgentConfigOptions): string {
  const readers = LINUX_AGENT_DATASETS.flatMap((dataset) => codesFor(rules, dataset)?.rules ?? []);
  const uniqueReaders = [...new Set(readers)];
  const others = [...neededRoutes(rules).values()]
    .map(({ route }) => route.dataset)
    .filter((dataset) => dataset.startsWith("linux.") && !LINUX_AGENT_DATASETS.includes(dataset));
  const lines = [
    "# /etc/edgesiem/agent.conf generated by EdgeSIEM from the enabled rules (chmod 600: it holds the token).",
    uniqueReaders.length === 0
      ? "# No enabled rule reads the auth log: this host's agent can stay uninstalled."
      : `# The auth log feeds: ${uniqueReaders.join("; ").replace(/[\r\n]+/g, " ")}`,
    ...([...new Set(others)].length === 0
      ? []
      : [`# Also read by enabled rules, not shipped by this agent: ${[...new Set(others)].join(", ")}`]),
    `EDGESIEM_URL=${options.url}`,
    `EDGESIEM_TOKEN=${TOKEN_PLACEHOLDER}`,
    "# auto: journald when it runs, else /var/log/auth.log or /var/log/secure",
    "EDGESIEM_SOURCE=auto",
  ];
  return `${lines.join("\n")}\n`;
}

export function agentConfigFile(
  kind: AgentKind,
  rules: readonly RuleNeed[],
  options: AgentConfigOptions,
): AgentConfigFile {
  switch (kind) {
    case "sysmon":
      return { filename: "sysmonconfig.xml", contentType: "application/xml; charset=utf-8", body: sysmonConfig(rules) };
    case "windows":
      return {
        filename: "agent.json",
        contentType: "application/json; charset=utf-8",
        body: windowsAgentConfig(rules, options),
      };
    case "linux":
      return {
        filename: "agent.conf",
        contentType: "text/plain; charset=utf-8",
        body: linuxAgentConfig(rules, options),
      };
  }
}

export function isAgentKind(value: string | undefined): value is AgentKind {
  return (AGENT_KINDS as readonly string[]).includes(value ?? "");
}
