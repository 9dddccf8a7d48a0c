/**
 * What every adapter that reads Windows event logs (EVTX, evtx_dump JSON, Winlogbeat ECS, PocketSIEM)
 * declares alike: the Sigma logsource mapping, following SigmaHQ's logsource-mapping-thor.yml
 * (category -> Sysmon event ID, service -> channel), with datasets named by `windowsDataset` so a
 * channel always routes to the dataset its events are stored under; the Windows field names; the
 * quick views' claims; and the raw fields those views read.
 */
import type {
  EventSelector,
  FieldNames,
  LogsourceMapping,
  QuickViewClaim,
  QuickViewFields,
  Route,
  SimpleRuleInputs,
} from "../../model/source-descriptor.ts";
import { windowsDataset } from "./windows-dataset.ts";

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const SECURITY = "Security";
const POWERSHELL = ["Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"];
const POWERSHELL_CLASSIC = "Windows PowerShell";
const DEFENDER = "Microsoft-Windows-Windows Defender/Operational";
const LINUX_SYSMON = "Linux-Sysmon/Operational";
const KERNEL_FILE = "Microsoft-Windows-Kernel-File/Analytic";

/** The routes of channels and the event IDs within them; no IDs means any event of the channel. */
function channelRoutes(channels: readonly string[], codes: readonly number[] = []): Route[] {
  return channels.flatMap((channel): Route[] => {
    const dataset = windowsDataset(channel);
    if (codes.length === 0) return [{ dataset, eventCode: null }];
    return codes.map((code) => ({ dataset, eventCode: String(code) }));
  });
}

const sysmon = (...codes: number[]): Route[] => channelRoutes([SYSMON], codes);

/** Defender's detection events, the ones with a threat name and path (logsource-mapping-thor.yml). */
const ANTIVIRUS = channelRoutes([DEFENDER], [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116]);

const WINDOWS_CATEGORIES: Record<string, readonly Route[]> = {
  process_creation: [...sysmon(1), ...channelRoutes([SECURITY], [4688])],
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
  ps_module: channelRoutes(POWERSHELL, [4103]),
  ps_script: channelRoutes(POWERSHELL, [4104]),
  ps_classic_start: channelRoutes([POWERSHELL_CLASSIC], [400]),
  ps_classic_provider_start: channelRoutes([POWERSHELL_CLASSIC], [600]),
  ps_classic_script: channelRoutes([POWERSHELL_CLASSIC], [800]),
  // Kernel-File ETW, which EDR sensors collect; no Sysmon event carries file reads or renames.
  file_access: channelRoutes([KERNEL_FILE]),
  file_rename: channelRoutes([KERNEL_FILE]),
  antivirus: ANTIVIRUS,
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
  // No Sigma taxonomy name: named after the channel, for EdgeSIEM's own rules (rules/sigma/).
  "remotedesktopservices-rdpcorets": ["Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational"],
  winrm: ["Microsoft-Windows-WinRM/Operational"],
  "winsock-ws2help": ["Microsoft-Windows-Winsock-WS2HELP/Operational"],
};

/** Sysmon for Linux: the same event IDs as on Windows, for the categories Sigma defines on Linux. */
const LINUX_SYSMON_CATEGORIES: Record<string, readonly number[]> = {
  process_creation: [1],
  network_connection: [3],
  process_termination: [5],
  raw_access_read: [9],
  file_event: [11],
  file_delete: [23],
  sysmon_status: [4, 16],
};

const mapValues = <T, U>(table: Record<string, T>, f: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(table).map(([key, value]) => [key, f(value)]));

export const WINDOWS_LOGSOURCES: readonly LogsourceMapping[] = [
  {
    product: "windows",
    // A field-less `product: windows` keyword rule narrows nothing: it is tried on every event.
    productOnly: null,
    categories: WINDOWS_CATEGORIES,
    services: mapValues(WINDOWS_SERVICES, (channels) => channelRoutes(channels)),
  },
  { product: null, categories: { antivirus: ANTIVIRUS } },
];

/** Sysmon for Linux ships its events in the EVTX shape, on the agent's flat records. */
export const LINUX_SYSMON_LOGSOURCES: readonly LogsourceMapping[] = [
  {
    product: "linux",
    productOnly: channelRoutes([LINUX_SYSMON]),
    categories: mapValues(LINUX_SYSMON_CATEGORIES, (codes) => channelRoutes([LINUX_SYSMON], codes)),
  },
];

export const WINDOWS_DATASETS = ["windows.*", windowsDataset(LINUX_SYSMON)];

const SECURITY_DATASET = windowsDataset(SECURITY);
const SYSMON_DATASET = windowsDataset(SYSMON);

export const WINDOWS_QUICK_VIEWS: readonly QuickViewClaim[] = [
  { view: "logins", dataset: SECURITY_DATASET, eventCodes: ["4624", "4625", "4648"] },
  { view: "processes", dataset: SYSMON_DATASET, eventCodes: ["1"] },
  { view: "processes", dataset: SECURITY_DATASET, eventCodes: ["4688"] },
  { view: "files", dataset: SYSMON_DATASET, eventCodes: ["11"] },
  { view: "network", dataset: SYSMON_DATASET, eventCodes: ["3"] },
];

export const WINDOWS_QUICK_VIEW_FIELDS: QuickViewFields = {
  logonType: ["LogonType"],
  targetFilename: ["TargetFilename"],
  summary: ["Details", "TargetObject"],
  network: { "*": { parts: [["Protocol", "DestinationHostname"]] } },
};

export const WINDOWS_EVENT_COLUMNS = ["host.name", "event.code", "event.action", "user.name", "process.command_line"];

/** Sysmon's names first, then the Security log's (4688's NewProcessName, 4624's IpAddress). */
export const WINDOWS_FIELD_NAMES: FieldNames = {
  "process.executable": ["Image", "NewProcessName"],
  "process.parent.executable": ["ParentImage", "ParentProcessName"],
  "process.command_line": ["CommandLine"],
  "process.parent.command_line": ["ParentCommandLine"],
  "process.pid": ["ProcessId"],
  "process.parent.pid": ["ParentProcessId"],
  "process.pe.original_file_name": ["OriginalFileName"],
  "process.working_directory": ["CurrentDirectory"],
  "user.name": ["User"],
  "host.name": ["Computer"],
  "event.code": ["EventID"],
  "winlog.channel": ["Channel"],
  // Keyed, like the channel, by Winlogbeat's name for it. evtx_dump writes the System attribute as
  // Provider_Name, the agent's flat records as ProviderName.
  "winlog.provider_name": ["Provider_Name", "ProviderName"],
  "source.ip": ["SourceIp", "IpAddress"],
  "source.port": ["SourcePort", "IpPort"],
  "destination.ip": ["DestinationIp"],
  "destination.port": ["DestinationPort"],
  "destination.domain": ["DestinationHostname"],
  "file.path": ["TargetFilename"],
  "registry.path": ["TargetObject"],
  "dns.question.name": ["QueryName"],
};

/**
 * The Windows names a search answers from the indexed columns; the others (`User`, `IpAddress`
 * among them) it reads from the raw record.
 */
export const WINDOWS_COLUMN_NAMES = [
  "Computer",
  "EventID",
  "Image",
  "NewProcessName",
  "CommandLine",
  "ParentImage",
  "ParentProcessName",
  "SourceIp",
  "SourcePort",
  "DestinationIp",
  "DestinationPort",
];

const codes = (...ids: number[]) => ids.map(String);

/**
 * Sysmon's events with a detail-text field: process creation (CommandLine), the file events
 * (TargetFilename: 2, 11, 15, 23, 26-29), the registry events (TargetObject, Details) and DNS
 * queries (QueryName); the Security log's only one is 4688's CommandLine.
 */
const SYSMON_DETAIL_CODES = codes(1, 2, 11, 12, 13, 14, 15, 22, 23, 26, 27, 28, 29);

/**
 * Events whose address columns are filled: Sysmon's network connections (SourceIp, DestinationIp)
 * and the Security events with an IpAddress (logons, explicit credentials, Kerberos tickets, share
 * access), as the EVTX attack samples carry them.
 */
const SECURITY_ADDRESS_CODES = codes(4624, 4625, 4648, 4768, 4769, 4771, 5140, 5145);

export const WINDOWS_SIMPLE_RULE_INPUTS: SimpleRuleInputs = {
  detailText: [
    { dataset: SYSMON_DATASET, eventCodes: SYSMON_DETAIL_CODES },
    { dataset: SECURITY_DATASET, eventCodes: codes(4688) },
  ],
  addresses: [
    { dataset: SYSMON_DATASET, eventCodes: codes(3) },
    { dataset: SECURITY_DATASET, eventCodes: SECURITY_ADDRESS_CODES },
  ],
};

const LINUX_SYSMON_DATASET = windowsDataset(LINUX_SYSMON);

/** Sysmon for Linux: process creation and the file events carry detail text, network connections addresses. */
export const LINUX_SYSMON_SIMPLE_RULE_INPUTS: SimpleRuleInputs = {
  detailText: [{ dataset: LINUX_SYSMON_DATASET, eventCodes: codes(1, 11, 23) }],
  addresses: [{ dataset: LINUX_SYSMON_DATASET, eventCodes: codes(3) }],
};

/** Both lists of every input given, for an adapter that reads several. */
export function simpleRuleInputs(...inputs: readonly SimpleRuleInputs[]): SimpleRuleInputs {
  const detailText: EventSelector[] = inputs.flatMap((input) => input.detailText);
  const addresses: EventSelector[] = inputs.flatMap((input) => input.addresses);
  return { detailText, addresses };
}
