/**
 * EdgeSIEM's rules for the techniques of the attack samples SigmaHQ's rules miss: for each, a record
 * of the attack as Windows logs it, a close benign record it must stay quiet on, and the real sample
 * of ../shared/corpus/evtx-attack-samples it must fire on.
 */

type WindowsRecord = Record<string, unknown>;

export interface TechniqueCase {
  title: string;
  /** The attack sample, relative to evtx-attack-samples. */
  sample: string;
  fires: WindowsRecord;
  quiet: WindowsRecord;
}

const SECURITY = { Channel: "Security", Provider_Name: "Microsoft-Windows-Security-Auditing" };
const SYSTEM = { Channel: "System" };
const APPLICATION = { Channel: "Application" };
const SYSMON = { Channel: "Microsoft-Windows-Sysmon/Operational", Provider_Name: "Microsoft-Windows-Sysmon" };
const BITS = { Channel: "Microsoft-Windows-Bits-Client/Operational", Provider_Name: "Microsoft-Windows-Bits-Client" };
const WINRM = { Channel: "Microsoft-Windows-WinRM/Operational", Provider_Name: "Microsoft-Windows-WinRM" };
const PCA = {
  Channel: "Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant",
  Provider_Name: "Microsoft-Windows-Program-Compatibility-Assistant",
};
const TELEMETRY = {
  Channel: "Microsoft-Windows-Application-Experience/Program-Telemetry",
  Provider_Name: "Microsoft-Windows-Application-Experience",
};

const share5145 = (share: string, target: string, access: string) => ({
  ...SECURITY,
  EventID: 5145,
  SubjectUserName: "Administrator",
  ObjectType: "File",
  IpAddress: "10.0.2.17",
  ShareName: share,
  RelativeTargetName: target,
  AccessList: access,
});
const WRITE = "%%1538\r\n\t\t\t\t%%1541\r\n\t\t\t\t%%4416\r\n\t\t\t\t%%4417\r\n\t\t\t\t%%4418\r\n\t\t\t\t";
const READ = "%%1541\r\n\t\t\t\t%%4416\r\n\t\t\t\t%%4423\r\n\t\t\t\t";

const boot4826 = (kernelDebug: string) => ({
  ...SECURITY,
  EventID: 4826,
  KernelDebug: kernelDebug,
  TestSigning: "%%1843",
  FlightSigning: "%%1843",
  DisableIntegrityChecks: "%%1843",
});

const groupRead = (event: number, caller: string, callerId = "0x10b4") => ({
  ...SECURITY,
  EventID: event,
  TargetUserName: "Administrators",
  TargetSid: "S-1-5-32-544",
  SubjectUserName: "jbrown",
  CallerProcessId: callerId,
  ...(caller === "" ? {} : { CallerProcessName: caller }),
});

const registry = (event: number, image: string, target: string, details?: string) => ({
  ...SYSMON,
  EventID: event,
  EventType: event === 12 ? "DeleteValue" : "SetValue",
  UtcTime: "2026-11-23 10:00:00.000",
  Image: image,
  TargetObject: target,
  ...(details === undefined ? {} : { Details: details }),
});

const pipe = (event: number, image: string, name: string) => ({
  ...SYSMON,
  EventID: event,
  EventType: event === 17 ? "CreatePipe" : "ConnectPipe",
  UtcTime: "2026-11-23 10:00:00.000",
  Image: image,
  PipeName: name,
});

const POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
const HKU = "HKU\\S-1-5-21-3461203602-4096304019-2269080069-1000";
const EMOTET = "$a=&('new-'+'obje'+'ct') Net.WebClient;$a.DownloadFile($u, $env:TEMP+'\\x.exe')";
const PLAIN = "$a=New-Object Net.WebClient;& $env:ProgramFiles\\App\\update.exe";

export const TECHNIQUE_CASES: TechniqueCase[] = [
  {
    title: "Executable Or Script Written To An Administrative Share",
    sample: "Lateral Movement/LM_REMCOM_5145_TargetHost.evtx",
    fires: share5145("\\\\*\\ADMIN$", "System32\\RemComSvc.exe", WRITE),
    quiet: share5145("\\\\*\\ADMIN$", "System32\\RemComSvc.exe", READ),
  },
  {
    title: "Remote Service Control Manager Access Over SMB",
    sample: "Lateral Movement/LM_Remote_Service01_5145_svcctl.evtx",
    fires: share5145("\\\\*\\IPC$", "svcctl", WRITE),
    quiet: share5145("\\\\*\\IPC$", "svcctl", READ),
  },
  {
    title: "Boot Configuration Loaded With Kernel Debugging Or Test Signing On",
    sample: "Defense Evasion/DE_KernelDebug_and_TestSigning_ON_Security_4826.evtx",
    fires: boot4826("%%1842"),
    quiet: boot4826("%%1843"),
  },
  {
    title: "NTFS Transaction Driven By A Program In A User-Writable Folder",
    sample: "Defense Evasion/Win_4985_T1186_Process_Doppelganging.evtx",
    fires: { ...SECURITY, EventID: 4985, NewState: 48, ProcessName: "C:\\ProgramData\\proc_doppel64.exe" },
    quiet: { ...SECURITY, EventID: 4985, NewState: 48, ProcessName: "C:\\Windows\\System32\\msiexec.exe" },
  },
  {
    title: "Debug Privilege Enabled By A Program In A User-Writable Folder",
    sample: "Privilege Escalation/win10_4703_SeDebugPrivilege_enabled.evtx",
    fires: {
      ...SECURITY,
      EventID: 4703,
      EnabledPrivilegeList: "SeDebugPrivilege",
      ProcessName: "C:\\Users\\IEUser\\Desktop\\x64\\mimikatz.exe",
    },
    quiet: {
      ...SECURITY,
      EventID: 4703,
      EnabledPrivilegeList: "SeDebugPrivilege",
      ProcessName: "C:\\Windows\\System32\\Taskmgr.exe",
    },
  },
  {
    title: "Local Users Or Administrators Enumerated With Net.exe",
    sample: "Discovery/discovery_local_user_or_group_windows_security_4799_4798.evtx",
    fires: groupRead(4799, "C:\\Windows\\System32\\net1.exe"),
    quiet: groupRead(4799, "C:\\Windows\\System32\\svchost.exe"),
  },
  {
    title: "Local Administrators Group Enumerated From The Network",
    sample: "Discovery/4799_remote_local_groups_enumeration.evtx",
    fires: groupRead(4799, "", "0x0"),
    quiet: groupRead(4799, "C:\\Windows\\explorer.exe", "0x1a4"),
  },
  {
    title: "Service Installed With A Program Name And No Path",
    sample: "Lateral Movement/LM_Remote_Service02_7045.evtx",
    fires: {
      ...SYSTEM,
      Provider_Name: "Service Control Manager",
      EventID: 7045,
      ServiceName: "x",
      ImagePath: "cmd.exe",
    },
    quiet: {
      ...SYSTEM,
      Provider_Name: "Service Control Manager",
      EventID: 7045,
      ServiceName: "Spooler",
      ImagePath: "%SystemRoot%\\system32\\svchost.exe -k print",
    },
  },
  {
    title: "Remote Launch Of A DCOM Lateral Movement Object Denied",
    sample: "Lateral Movement/LM_dcom_shwnd_shbrwnd_mmc20_failed_traces_system_10016.evtx",
    fires: {
      ...SYSTEM,
      Provider_Name: "Microsoft-Windows-DistributedCOM",
      EventID: 10016,
      param2: "Remote",
      param3: "Launch",
      param4: "{C08AFD90-F2A1-11D1-8455-00A0C91F3880}",
    },
    quiet: {
      ...SYSTEM,
      Provider_Name: "Microsoft-Windows-DistributedCOM",
      EventID: 10016,
      param2: "Local",
      param3: "Activation",
      param4: "{C08AFD90-F2A1-11D1-8455-00A0C91F3880}",
    },
  },
  {
    title: "LSASS Dumped Through Silent Process Exit Monitoring",
    sample: "Credential Access/LsassSilentProcessExit_process_exit_monitor_3001_lsass.evtx",
    fires: {
      ...APPLICATION,
      Provider_Name: "Microsoft-Windows-ProcessExitMonitor",
      EventID: 3001,
      param1: "C:\\Windows\\System32\\lsass.exe",
      param2: "C:\\Users\\IEUser\\Desktop\\LsassSilentProcessExit.exe",
    },
    quiet: {
      ...APPLICATION,
      Provider_Name: "Microsoft-Windows-ProcessExitMonitor",
      EventID: 3001,
      param1: "C:\\Program Files\\App\\app.exe",
      param2: "C:\\Program Files\\App\\watchdog.exe",
    },
  },
  {
    title: "MSSQL xp_cmdshell Call Blocked",
    sample: "Lateral Movement/MSSQL_15281_xp_cmdshell_exec_failed_attempt.evtx",
    fires: {
      ...APPLICATION,
      Provider_Name: "MSSQL$SQLEXPRESS",
      EventID: 15281,
      Data: ["procedure", "sys.xp_cmdshell"],
    },
    quiet: {
      ...APPLICATION,
      Provider_Name: "MSSQL$SQLEXPRESS",
      EventID: 15281,
      Data: ["component", "Ad Hoc Distributed Queries"],
    },
  },
  {
    title: "Explorer Accepts A Network Connection From Another Host",
    sample: "Lateral Movement/LM_sysmon_3_DCOM_ShellBrowserWindow_ShellWindows.evtx",
    fires: {
      ...SYSMON,
      EventID: 3,
      Image: "C:\\Windows\\explorer.exe",
      Initiated: false,
      SourceIp: "10.0.2.16",
      DestinationIp: "10.0.2.17",
      DestinationPort: 58172,
    },
    quiet: {
      ...SYSMON,
      EventID: 3,
      Image: "C:\\Windows\\explorer.exe",
      Initiated: true,
      SourceIp: "10.0.2.16",
      DestinationIp: "13.107.42.14",
      DestinationPort: 443,
    },
  },
  {
    title: "PsExec-Style Service Pipes Under Another Name",
    sample: "Defense Evasion/DE_renamed_psexec_service_sysmon_17_18.evtx",
    fires: pipe(17, "C:\\Windows\\svchost.exe", "\\svchost-MSEDGEWIN10-8116-stdin"),
    quiet: pipe(17, "C:\\Windows\\PSEXESVC.exe", "\\PSEXESVC-MSEDGEWIN10-8116-stdin"),
  },
  {
    title: "Kekeo Default Named Pipe",
    sample: "Credential Access/sysmon17_18_kekeo_tsssp_default_np.evtx",
    fires: pipe(17, "C:\\Users\\IEUser\\Desktop\\kekeo.exe", "\\kekeo_tsssp_endpoint"),
    quiet: pipe(18, "C:\\Windows\\system32\\wbem\\wmiprvse.exe", "\\srvsvc"),
  },
  {
    title: "Event Log Service Pipe Opened From The Network",
    sample: "Defense Evasion/DE_remote_eventlog_svc_crash_byt3bl33d3r_sysmon_17_1_3.evtx",
    fires: pipe(18, "System", "\\eventlog"),
    quiet: pipe(17, "C:\\Windows\\System32\\svchost.exe", "\\eventlog"),
  },
  {
    title: "Windows Event Log Service Crashed",
    sample: "Defense Evasion/DE_EventLog_Service_Crashed.evtx",
    fires: {
      ...SYSMON,
      EventID: 1,
      UtcTime: "2026-11-23 10:00:00.000",
      Image: "C:\\Windows\\System32\\WerFault.exe",
      CommandLine: "C:\\Windows\\system32\\WerFault.exe -u -p 3004 -s 632",
      ParentImage: "C:\\Windows\\System32\\svchost.exe",
      ParentCommandLine: "C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog",
    },
    quiet: {
      ...SYSMON,
      EventID: 1,
      UtcTime: "2026-11-23 10:00:00.000",
      Image: "C:\\Windows\\System32\\WerFault.exe",
      CommandLine: "C:\\Windows\\system32\\WerFault.exe -u -p 4120 -s 700",
      ParentImage: "C:\\Windows\\System32\\svchost.exe",
      ParentCommandLine: "C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule",
    },
  },
  {
    title: "PowerShell Constrained Language Mode Switched Off In The Registry",
    sample: "Defense Evasion/DE_Powershell_CLM_Disabled_Sysmon_12.evtx",
    fires: registry(
      12,
      POWERSHELL,
      "HKLM\\System\\CurrentControlSet\\Control\\SESSION MANAGER\\Environment\\__PSLockdownPolicy",
    ),
    quiet: registry(
      13,
      "C:\\Windows\\System32\\reg.exe",
      "HKLM\\System\\CurrentControlSet\\Control\\Session Manager\\Environment\\__PSLockdownPolicy",
      "DWORD (0x00000004)",
    ),
  },
  {
    title: "PowerShell Execution Policy Set To Bypass Or Unrestricted In The Registry",
    sample: "Defense Evasion/de_powershell_execpolicy_changed_sysmon_13.evtx",
    fires: registry(
      13,
      POWERSHELL,
      "HKLM\\SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell\\ExecutionPolicy",
      "Unrestricted",
    ),
    quiet: registry(
      13,
      POWERSHELL,
      "HKLM\\SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell\\ExecutionPolicy",
      "RemoteSigned",
    ),
  },
  {
    title: "Remote Thread Created In A Long-Lived System Process From A User Or Network Path",
    sample: "Defense Evasion/meterpreter_migrate_to_explorer_sysmon_8.evtx",
    fires: {
      ...SYSMON,
      EventID: 8,
      UtcTime: "2026-11-23 10:00:00.000",
      SourceImage: "\\\\vboxsrv\\HTools\\m.exe",
      TargetImage: "C:\\Windows\\explorer.exe",
      StartAddress: "0x02060000",
    },
    quiet: {
      ...SYSMON,
      EventID: 8,
      UtcTime: "2026-11-23 10:00:00.000",
      SourceImage: "C:\\Windows\\System32\\csrss.exe",
      TargetImage: "C:\\Windows\\explorer.exe",
      StartAddress: "0x7FFB1C2D0000",
    },
  },
  {
    title: "TeamViewer Process Memory Read By A Program From A User Folder",
    sample: "Credential Access/CA_teamviewer-dumper_sysmon_10.evtx",
    fires: {
      ...SYSMON,
      EventID: 10,
      UtcTime: "2026-11-23 10:00:00.000",
      SourceImage: "C:\\Users\\bob\\AppData\\Local\\Temp\\frida-b4f3\\frida-winjector-helper-32.exe",
      TargetImage: "C:\\Program Files (x86)\\TeamViewer\\TeamViewer.exe",
      GrantedAccess: "0x147a",
    },
    quiet: {
      ...SYSMON,
      EventID: 10,
      UtcTime: "2026-11-23 10:00:00.000",
      SourceImage: "C:\\Users\\bob\\AppData\\Local\\Temp\\frida-b4f3\\frida-winjector-helper-32.exe",
      TargetImage: "C:\\Program Files (x86)\\TeamViewer\\TeamViewer.exe",
      GrantedAccess: "0x1000",
    },
  },
  {
    title: "Named Pipes Opened To Anonymous Access",
    sample: "Lateral Movement/LM_add_new_namedpipe_tp_nullsession_registry_turla_like_ttp.evtx",
    fires: registry(
      13,
      "C:\\Windows\\system32\\reg.exe",
      "HKLM\\System\\CurrentControlSet\\services\\LanmanServer\\Parameters\\NullSessionPipes",
      "Binary Data",
    ),
    quiet: registry(
      13,
      "C:\\Windows\\system32\\reg.exe",
      "HKLM\\System\\CurrentControlSet\\services\\LanmanServer\\Parameters\\NullSessionShares",
      "Binary Data",
    ),
  },
  {
    title: "New SMB Share Created",
    sample: "Lateral Movement/LM_NewShare_Added_Sysmon_12_13.evtx",
    fires: registry(
      13,
      "C:\\Windows\\system32\\svchost.exe",
      "HKLM\\System\\CurrentControlSet\\Services\\LanmanServer\\Shares\\staging",
      "Binary Data",
    ),
    quiet: registry(
      13,
      "C:\\Windows\\system32\\svchost.exe",
      "HKLM\\System\\CurrentControlSet\\Services\\LanmanServer\\Shares\\Security\\staging",
      "Binary Data",
    ),
  },
  {
    title: "IEAK Pending Group Policy Object Registered",
    sample: "Persistence/persistence_pendingGPO_sysmon_13.evtx",
    fires: registry(
      13,
      "C:\\Windows\\regedit.exe",
      `${HKU}\\Software\\Microsoft\\IEAK\\GroupPolicy\\PendingGPOs\\Count`,
      "DWORD (0x00000001)",
    ),
    quiet: registry(
      13,
      "C:\\Windows\\regedit.exe",
      `${HKU}\\Software\\Microsoft\\Internet Explorer\\Main\\Start Page`,
      "about:blank",
    ),
  },
  {
    title: "UAC Bypass Through The Launcher.SystemSettings Open Command",
    sample: "Privilege Escalation/UACME_61_Changepk.evtx",
    fires: registry(
      13,
      "C:\\Windows\\system32\\reg.exe",
      `${HKU}_Classes\\Launcher.SystemSettings\\shell\\open\\command\\(Default)`,
      "c:\\Windows\\System32\\cmd.exe",
    ),
    quiet: registry(
      13,
      "C:\\Windows\\system32\\reg.exe",
      `${HKU}_Classes\\txtfile\\shell\\open\\command\\(Default)`,
      "notepad.exe %1",
    ),
  },
  {
    title: "Registry Symbolic Link Created By A Program From A User Folder",
    sample: "Privilege Escalation/privesc_registry_symlink_CVE-2020-1377.evtx",
    fires: registry(
      13,
      "C:\\Users\\user01\\Desktop\\Debug\\TransactionLog.exe",
      "HKLM\\SOFTWARE\\Microsoft\\DRM\\DEMO2\\SymbolicLinkValue",
      "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ABC",
    ),
    quiet: registry(
      13,
      "C:\\Users\\user01\\Desktop\\Debug\\TransactionLog.exe",
      "HKLM\\SOFTWARE\\Microsoft\\DRM\\DEMO2\\Value",
      "1",
    ),
  },
  {
    title: "System Folder Variable Overridden In The User Environment",
    sample: "Privilege Escalation/sysmon_13_1_12_11_perfmonUACBypass.evtx",
    fires: registry(
      13,
      "c:\\python27\\python.exe",
      `${HKU}\\Volatile Environment\\SYSTEMROOT`,
      "c:\\users\\ieuser\\appdata\\local\\temp",
    ),
    quiet: registry(13, "C:\\Windows\\System32\\svchost.exe", `${HKU}\\Volatile Environment\\LOGONSERVER`, "\\\\DC1"),
  },
  {
    title: "PowerShell Runs A Command Whose Name Is Built From Pieces (Classic Log)",
    sample: "Other/emotet/exec_emotet_ps_800_new-object.evtx",
    fires: { Channel: "Windows PowerShell", Provider_Name: "PowerShell", EventID: 800, Data: [EMOTET] },
    quiet: { Channel: "Windows PowerShell", Provider_Name: "PowerShell", EventID: 800, Data: [PLAIN] },
  },
  {
    title: "PowerShell Runs A Command Whose Name Is Built From Pieces",
    sample: "Other/emotet/exec_emotet_ps_4104.evtx",
    fires: {
      Channel: "Microsoft-Windows-PowerShell/Operational",
      EventID: 4104,
      MessageNumber: 1,
      MessageTotal: 1,
      ScriptBlockText: EMOTET,
    },
    quiet: {
      Channel: "Microsoft-Windows-PowerShell/Operational",
      EventID: 4104,
      MessageNumber: 1,
      MessageTotal: 1,
      ScriptBlockText: PLAIN,
    },
  },
  {
    title: "Control Panel Applet Run From A User Folder",
    sample: "Execution/Exec_via_cpl_Application_Experience_EventID_17_ControlPanelApplet.evtx",
    fires: {
      ...PCA,
      EventID: 17,
      ExePath: "C:\\Users\\IEUser\\Downloads\\Invoice@0582.cpl",
      ResolverName: "ControlPanelApplet",
    },
    quiet: {
      ...PCA,
      EventID: 17,
      ExePath: "C:\\Users\\IEUser\\Desktop\\procexp64.exe",
      ResolverName: "WrpKeyMitigation",
    },
  },
  {
    title: "Compatibility Shim Applied To An Accessibility Program",
    sample: "Persistence/Persistence_Shime_Microsoft-Windows-Application-Experience_Program-Telemetry_500.evtx",
    fires: { ...TELEMETRY, EventID: 500, ExePath: "C:\\Windows\\System32\\osk.exe", FixName: "CorrectFilePaths" },
    quiet: { ...TELEMETRY, EventID: 500, ExePath: "C:\\Program Files\\Old App\\app.exe", FixName: "WinXPSp3" },
  },
  {
    title: "Winsock Layered Service Provider Installed",
    sample: "Persistence/Persistence_Winsock_Catalog Change EventId_1.evtx",
    fires: {
      Channel: "Microsoft-Windows-Winsock-WS2HELP/Operational",
      Provider_Name: "Microsoft-Windows-Winsock-WS2HELP",
      EventID: 1,
      LSPName: "PROXYCAP LSP",
      Installer: "C:\\Windows\\System32\\MsiExec.exe",
    },
    quiet: {
      Channel: "Microsoft-Windows-Winsock-AFD/Operational",
      Provider_Name: "Microsoft-Windows-Winsock-AFD",
      EventID: 1,
    },
  },
  {
    title: "BITS Job Copies A Local Executable",
    sample: "Persistence/persist_bitsadmin_Microsoft-Windows-Bits-Client-Operational.evtx",
    fires: { ...BITS, EventID: 59, name: "backdoor", url: "C:\\Windows\\system32\\cmd.exe" },
    quiet: {
      ...BITS,
      EventID: 59,
      name: "Chrome Component Updater",
      url: "http://storage.googleapis.com/update/x.crxd",
    },
  },
  {
    title: "BITS Job Created By A Program That Does Not Use BITS",
    sample: "Command and Control/bits_openvpn.evtx",
    fires: { ...BITS, EventID: 3, jobTitle: "Download", processPath: "C:\\Windows\\SysWOW64\\notepad.exe" },
    quiet: {
      ...BITS,
      EventID: 3,
      jobTitle: "GoogleUpdate",
      processPath: "C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe",
    },
  },
  {
    title: "RDP Client Binds The MS_T120 Channel (BlueKeep)",
    sample: "Other/rdpcorets_148_mst120_bluekeep_rpdscan_full.evtx",
    fires: {
      Channel: "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational",
      Provider_Name: "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS",
      EventID: 148,
      ChannelName: "ms_t120",
      TunnelID: 0,
    },
    quiet: {
      Channel: "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational",
      Provider_Name: "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS",
      EventID: 148,
      ChannelName: "rdpcmd",
      TunnelID: 0,
    },
  },
  {
    title: "WinRM Remote Shell Created On This Host",
    sample: "Lateral Movement/LM_winrm_target_wrmlogs_91_wsmanShellStarted_poorLog.evtx",
    fires: { ...WINRM, EventID: 91 },
    quiet: { ...WINRM, EventID: 193 },
  },
  {
    title: "WinRM Client Authenticated With NTLM",
    sample: "Lateral Movement/RemotePowerShell_MS_Windows-Remote_Management_EventID_169.evtx",
    fires: { ...WINRM, EventID: 169, username: "iewin7\\ieuser", authenticationMechanism: "NTLM" },
    quiet: { ...WINRM, EventID: 169, username: "corp\\admin", authenticationMechanism: "Kerberos" },
  },
];
