/**
 * Sigma logsources -> the datasets and event codes the ingest path produces, so each event is only
 * tried against rules that can read it. Windows follows SigmaHQ's logsource-mapping-thor.yml
 * (category -> Sysmon event ID, service -> channel); datasets are named by the ingest's own
 * `windowsDataset`, so a channel always routes to the dataset its events are stored under. Other
 * products map to `<product>.<service>` (zeek.http, aws.cloudtrail: Elastic's dataset names too),
 * and a log the ingest does not parse yet still gets the dataset it would have, never "every event".
 */
import { windowsDataset } from "../ingest/sources/common/windows-table.ts";
import type { NormalisedEvent } from "../model/event.ts";
import type { Route } from "./types.ts";

export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const SECURITY = "Security";
const POWERSHELL = ["Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"];
const POWERSHELL_CLASSIC = "Windows PowerShell";
const DEFENDER = "Microsoft-Windows-Windows Defender/Operational";
const LINUX_SYSMON = "Linux-Sysmon/Operational";

/** Channels and the event IDs within them; no IDs means any event of the channel. */
interface ChannelCodes {
  channels: readonly string[];
  codes: readonly number[];
}

const sysmon = (...codes: number[]): ChannelCodes[] => [{ channels: [SYSMON], codes }];

const WINDOWS_CATEGORIES: Record<string, readonly ChannelCodes[]> = {
  process_creation: [
    { channels: [SYSMON], codes: [1] },
    { channels: [SECURITY], codes: [4688] },
  ],
  file_change: sysmon(2),
  network_connection: sysmon(3),
  sysmon_status: sysmon(4, 16),
  process_termination: sysmon(5),
  driver_load: sysmon(6),
  image_load: sysmon(7),
  create_remote_thread: sysmon(8),
  raw_access_thread: sysmon(9),
  process_access: sysmon(10),
  file_event: sysmon(11),
  registry_event: sysmon(12, 13, 14),
  registry_add: sysmon(12),
  registry_delete: sysmon(12),
  registry_set: sysmon(13),
  registry_rename: sysmon(14),
  create_stream_hash: sysmon(15),
  pipe_created: sysmon(17, 18),
  wmi_event: sysmon(19, 20, 21),
  dns_query: sysmon(22),
  file_delete: sysmon(23),
  clipboard_change: sysmon(24),
  clipboard_capture: sysmon(24),
  process_tampering: sysmon(25),
  file_delete_detected: sysmon(26),
  file_block_executable: sysmon(27),
  file_block_shredding: sysmon(28),
  file_block: sysmon(27, 28),
  file_executable_detected: sysmon(29),
  sysmon_error: sysmon(255),
  ps_module: [{ channels: POWERSHELL, codes: [4103] }],
  ps_script: [{ channels: POWERSHELL, codes: [4104] }],
  ps_classic_start: [{ channels: [POWERSHELL_CLASSIC], codes: [400] }],
  ps_classic_provider_start: [{ channels: [POWERSHELL_CLASSIC], codes: [600] }],
  ps_classic_script: [{ channels: [POWERSHELL_CLASSIC], codes: [800] }],
  // Kernel-File ETW, which EDR sensors collect; no Sysmon event carries file reads or renames.
  file_access: [{ channels: ["Microsoft-Windows-Kernel-File/Analytic"], codes: [] }],
  file_rename: [{ channels: ["Microsoft-Windows-Kernel-File/Analytic"], codes: [] }],
};

/** Defender's detection events, the ones with a threat name and path (logsource-mapping-thor.yml). */
const ANTIVIRUS: readonly ChannelCodes[] = [
  { channels: [DEFENDER], codes: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116] },
];

/** Sysmon for Linux: the same event IDs as on Windows, for the categories Sigma defines on Linux. */
const LINUX_CATEGORIES: Record<string, readonly number[]> = {
  process_creation: [1],
  network_connection: [3],
  process_termination: [5],
  raw_access_read: [9],
  file_event: [11],
  file_delete: [23],
  sysmon_status: [4, 16],
};

const LINUX_SYSMON_CODES: ChannelCodes = {
  channels: [LINUX_SYSMON],
  codes: [...new Set(Object.values(LINUX_CATEGORIES).flat())],
};

const WINDOWS_SERVICES: Record<string, readonly string[]> = {
  security: [SECURITY],
  system: ["System"],
  application: ["Application"],
  sysmon: [SYSMON],
  powershell: POWERSHELL,
  "powershell-classic": [POWERSHELL_CLASSIC],
  windefend: [DEFENDER],
  ntlm: ["Microsoft-Windows-NTLM/Operational"],
  taskscheduler: ["Microsoft-Windows-TaskScheduler/Operational"],
  wmi: ["Microsoft-Windows-WMI-Activity/Operational"],
  dhcp: ["Microsoft-Windows-DHCP-Server/Operational"],
  "printservice-admin": ["Microsoft-Windows-PrintService/Admin"],
  "printservice-operational": ["Microsoft-Windows-PrintService/Operational"],
  "smbclient-security": ["Microsoft-Windows-SmbClient/Security"],
  "smbclient-connectivity": ["Microsoft-Windows-SmbClient/Connectivity"],
  "smbserver-connectivity": ["Microsoft-Windows-SMBServer/Connectivity"],
  "terminalservices-localsessionmanager": ["Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"],
  "codeintegrity-operational": ["Microsoft-Windows-CodeIntegrity/Operational"],
  applocker: [
    "Microsoft-Windows-AppLocker/MSI and Script",
    "Microsoft-Windows-AppLocker/EXE and DLL",
    "Microsoft-Windows-AppLocker/Packaged app-Deployment",
    "Microsoft-Windows-AppLocker/Packaged app-Execution",
  ],
  "msexchange-management": ["MSExchange Management"],
  "firewall-as": ["Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"],
  "bits-client": ["Microsoft-Windows-Bits-Client/Operational"],
  "security-mitigations": [
    "Microsoft-Windows-Security-Mitigations/Kernel Mode",
    "Microsoft-Windows-Security-Mitigations/User Mode",
  ],
  "diagnosis-scripted": ["Microsoft-Windows-Diagnosis-Scripted/Operational"],
  "shell-core": ["Microsoft-Windows-Shell-Core/Operational"],
  openssh: ["OpenSSH/Operational"],
  ldap: ["Microsoft-Windows-LDAP-Client/Debug"],
  bitlocker: ["Microsoft-Windows-BitLocker/BitLocker Management"],
  vhdmp: ["Microsoft-Windows-VHDMP/Operational"],
  "appxdeployment-server": ["Microsoft-Windows-AppXDeploymentServer/Operational"],
  "lsa-server": ["Microsoft-Windows-LSA/Operational"],
  "appxpackaging-om": ["Microsoft-Windows-AppxPackaging/Operational"],
  "dns-client": ["Microsoft-Windows-DNS Client Events/Operational"],
  "appmodel-runtime": ["Microsoft-Windows-AppModel-Runtime/Admin"],
  capi2: ["Microsoft-Windows-CAPI2/Operational"],
  "certificateservicesclient-lifecycle-system": [
    "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational",
  ],
  "kernel-shimengine": [
    "Microsoft-Windows-Kernel-ShimEngine/Operational",
    "Microsoft-Windows-Kernel-ShimEngine/Diagnostic",
  ],
  "application-experience": [
    "Microsoft-Windows-Application-Experience/Program-Telemetry",
    "Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant",
  ],
  ntfs: ["Microsoft-Windows-Ntfs/Operational"],
  "hyper-v-worker": ["Microsoft-Windows-Hyper-V-Worker"],
  "kernel-event-tracing": ["Microsoft-Windows-Kernel-EventTracing"],
  sense: ["Microsoft-Windows-SENSE/Operational"],
  "servicebus-client": ["Microsoft-ServiceBus-Client/Admin", "Microsoft-ServiceBus-Client/Operational"],
  "microsoft-servicebus-client": ["Microsoft-ServiceBus-Client/Admin", "Microsoft-ServiceBus-Client/Operational"],
  "iis-configuration": ["Microsoft-IIS-Configuration/Operational"],
  // Named by the rules' own `definition`, not by the THOR mapping.
  "dns-server": ["DNS Server"],
  "dns-server-analytic": ["Microsoft-Windows-DNSServer/Analytical"],
  "driver-framework": ["Microsoft-Windows-DriverFrameworks-UserMode/Operational"],
};

/**
 * Every syslog line the agent ships is parsed by the auth-log adapter and stored as `linux.auth`;
 * a shipper that names its own dataset may say `linux.syslog`.
 */
const LINUX_AUTH = ["linux.auth"];
const LINUX_SYSLOG = ["linux.syslog", "linux.auth"];
const LINUX_SERVICES: Record<string, readonly string[]> = {
  auth: LINUX_AUTH,
  sshd: LINUX_AUTH,
  sudo: LINUX_AUTH,
  syslog: LINUX_SYSLOG,
  cron: LINUX_SYSLOG,
  vsftpd: LINUX_SYSLOG,
  guacamole: LINUX_SYSLOG,
  clamav: LINUX_SYSLOG,
  auditd: ["linux.auditd"],
};
const LINUX_DATASETS = ["linux.auth", "linux.syslog", "linux.auditd", windowsDataset(LINUX_SYSMON)];

/**
 * Product-less categories: the Zeek log that carries them, and a dataset of the category's own name
 * for any shipper that labels its records so (`{"dataset": "webserver", ...}`).
 */
const GENERIC_CATEGORIES: Record<string, readonly string[]> = {
  dns: ["zeek.dns", "dns"],
  proxy: ["zeek.http", "proxy"],
};

const lookupIn = <T>(table: Record<string, T>, key: string | undefined): T | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

function channelRoutes(entries: readonly ChannelCodes[]): Route[] {
  return entries.flatMap(({ channels, codes }) =>
    channels.flatMap((channel): Route[] => {
      const dataset = windowsDataset(channel);
      if (codes.length === 0) return [{ dataset, eventCode: null }];
      return codes.map((code) => ({ dataset, eventCode: String(code) }));
    }),
  );
}

const anyCode = (datasets: readonly string[]): Route[] => datasets.map((dataset) => ({ dataset, eventCode: null }));

/** A name safe to use in a dataset: lower case, runs of other characters as `_`. */
const datasetPart = (name: string): string => name.replace(/[^a-z0-9_.]+/g, "_");

function windowsRoutes(category: string | undefined, service: string | undefined): Route[] | null {
  if (service !== undefined) {
    const channels = lookupIn(WINDOWS_SERVICES, service);
    return channels ? channelRoutes([{ channels, codes: [] }]) : anyCode([`windows.${datasetPart(service)}`]);
  }
  if (category === undefined) return null;
  const entries = lookupIn(WINDOWS_CATEGORIES, category) ?? (category === "antivirus" ? ANTIVIRUS : undefined);
  return entries ? channelRoutes(entries) : anyCode([`windows.${datasetPart(category)}`]);
}

function linuxRoutes(category: string | undefined, service: string | undefined): Route[] {
  if (service !== undefined) return anyCode(lookupIn(LINUX_SERVICES, service) ?? [`linux.${datasetPart(service)}`]);
  if (category === undefined) return anyCode(LINUX_DATASETS);
  const codes = lookupIn(LINUX_CATEGORIES, category);
  return codes === undefined
    ? anyCode([`linux.${datasetPart(category)}`])
    : channelRoutes([{ channels: [LINUX_SYSMON], codes }]);
}

function productlessRoutes(category: string | undefined, service: string | undefined): Route[] | null {
  if (service !== undefined) return anyCode([datasetPart(service)]);
  if (category === undefined) return null;
  if (category === "antivirus") return channelRoutes(ANTIVIRUS);
  return anyCode(lookupIn(GENERIC_CATEGORIES, category) ?? [datasetPart(category)]);
}

/** A service already named `<product>.<log>` (gcp's `gcp.audit`) is a dataset as it stands. */
function productRoutes(product: string, category: string | undefined, service: string | undefined): Route[] {
  if (service !== undefined) {
    return anyCode([service.includes(".") ? datasetPart(service) : `${datasetPart(product)}.${datasetPart(service)}`]);
  }
  return anyCode([category === undefined ? datasetPart(product) : `${datasetPart(product)}.${datasetPart(category)}`]);
}

const normalise = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim().toLowerCase();
  return trimmed === "" ? undefined : trimmed;
};

/**
 * The routes of a rule's logsource; null when it names nothing that narrows it (a field-less
 * `product: windows` keyword rule), so the rule is tried on every event.
 */
export function routesForLogsource(logsource: Logsource): Route[] | null {
  const product = normalise(logsource.product);
  const category = normalise(logsource.category);
  const service = normalise(logsource.service);
  if (product === "windows") return windowsRoutes(category, service);
  if (product === "linux") return linuxRoutes(category, service);
  if (product === undefined) return productlessRoutes(category, service);
  return productRoutes(product, category, service);
}

export function routeKey(route: Route): string {
  return `${route.dataset}|${route.eventCode ?? "*"}`;
}

/** Every event code some route names, per dataset: where an event without a code may belong. */
function codesByDataset(): Map<string, Set<string>> {
  const routes = [...Object.values(WINDOWS_CATEGORIES), ANTIVIRUS, [LINUX_SYSMON_CODES]].flatMap(channelRoutes);
  const codes = new Map<string, Set<string>>();
  for (const { dataset, eventCode } of routes) {
    if (eventCode === null) continue;
    const known = codes.get(dataset) ?? new Set<string>();
    known.add(eventCode);
    codes.set(dataset, known);
  }
  return codes;
}

/**
 * An event that carries no code (PocketSIEM's `events` list) could be any event of its dataset:
 * it is found under the key of every code routed there.
 */
const CODELESS_KEYS = new Map<string, readonly string[]>(
  [...codesByDataset()].map(([dataset, codes]) => [
    dataset,
    [`${dataset}|*`, ...[...codes].map((code) => `${dataset}|${code}`)],
  ]),
);

/** The index keys an event can be found under: its dataset with its code, and with any code. */
export function routeKeysForEvent(event: NormalisedEvent): readonly string[] {
  const anyCodeKey = `${event.dataset}|*`;
  if (event.eventCode !== null) return [`${event.dataset}|${event.eventCode}`, anyCodeKey];
  return CODELESS_KEYS.get(event.dataset) ?? [anyCodeKey];
}
