/**
 * Deterministic Sysmon traffic for benchmarks: flat records as the EdgeSIEM Windows agent sends
 * them (System fields and EventData side by side), from a fleet of workstations whose processes
 * live on between events, so GUIDs, PIDs and parent links agree the way they do in a real log.
 * The same seed and start time always give the same records, byte for byte.
 */

export type SysmonRecord = Record<string, string | number>;

export interface SysmonGeneratorOptions {
  seed?: number;
  /** Epoch ms of the first event. */
  startMs?: number;
  hostCount?: number;
}

export interface SysmonGenerator {
  next(): SysmonRecord;
  take(count: number): SysmonRecord[];
}

const DEFAULT_SEED = 0x5eed_5150;
const DEFAULT_START_MS = Date.UTC(2026, 10, 23, 8, 0, 0);
const DEFAULT_HOST_COUNT = 36;
/** Oldest short-lived processes are forgotten past this, as if they had exited. */
const MAX_PROCESSES_PER_HOST = 96;

// ---------------------------------------------------------------------------------------------
// Randomness

interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  hex(digits: number): string;
}

/** sfc32 seeded through splitmix32: tiny, fast and of good quality, unlike a bare LCG. */
function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const splitmix = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();

  const float = () => next32() / 0x1_0000_0000;
  const int = (min: number, max: number) => min + Math.floor(float() * (max - min + 1));
  return {
    float,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(float() * items.length)];
      if (item === undefined) throw new Error("cannot pick from an empty list");
      return item;
    },
    chance: (probability) => float() < probability,
    hex(digits) {
      let out = "";
      while (out.length < digits) out += next32().toString(16).padStart(8, "0");
      return out.slice(0, digits);
    },
  };
}

/** FNV-1a, so a file's hashes depend on its path alone and stay the same across the whole log. */
function stringSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function fileHashes(path: string): string {
  const rng = createRng(stringSeed(path.toLowerCase()));
  const upper = (digits: number) => rng.hex(digits).toUpperCase();
  return `SHA1=${upper(40)},MD5=${upper(32)},SHA256=${upper(64)},IMPHASH=${upper(32)}`;
}

// ---------------------------------------------------------------------------------------------
// The fleet

interface Host {
  fqdn: string;
  ip: string;
  /** DOMAIN\user of the person signed in. */
  user: string;
  home: string;
  sid: string;
  logonId: string;
  logonGuid: string;
  /** Sysmon GUIDs start with a per-machine prefix. */
  guidPrefix: string;
  processes: Proc[];
  nextPid: number;
  recordId: number;
  developer: boolean;
}

type Account = "system" | "localservice" | "networkservice" | "user";

interface Proc {
  guid: string;
  pid: number;
  binary: Binary;
  /** The binary's image with the user's profile filled in. */
  image: string;
  commandLine: string;
  account: Account;
  integrity: string;
  currentDirectory: string;
  longLived: boolean;
}

interface Binary {
  image: string;
  fileVersion: string;
  description: string;
  product: string;
  company: string;
  originalFileName: string;
  /** Which kind of traffic, files and registry writes the process produces. */
  role: Role;
}

type Role =
  | "browser"
  | "office"
  | "teams"
  | "onedrive"
  | "defender"
  | "svchost"
  | "explorer"
  | "shell"
  | "developer"
  | "system"
  | "updater";

const WINDOWS_PRODUCT = "Microsoft® Windows® Operating System";
const MICROSOFT = "Microsoft Corporation";
const OS_VERSION = "10.0.22621.4317 (WinBuild.160101.0800)";
const DEFENDER_PLATFORM = "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0";

function windowsBinary(path: string, description: string, role: Role, originalFileName?: string): Binary {
  const name = path.slice(path.lastIndexOf("\\") + 1);
  return {
    image: path,
    fileVersion: OS_VERSION,
    description,
    product: WINDOWS_PRODUCT,
    company: MICROSOFT,
    originalFileName: originalFileName ?? name,
    role,
  };
}

const BIN = {
  services: windowsBinary("C:\\Windows\\System32\\services.exe", "Services and Controller app", "system"),
  lsass: windowsBinary("C:\\Windows\\System32\\lsass.exe", "Local Security Authority Process", "system"),
  csrss: windowsBinary("C:\\Windows\\System32\\csrss.exe", "Client Server Runtime Process", "system"),
  svchost: windowsBinary("C:\\Windows\\System32\\svchost.exe", "Host Process for Windows Services", "svchost"),
  explorer: windowsBinary("C:\\Windows\\explorer.exe", "Windows Explorer", "explorer", "EXPLORER.EXE"),
  searchIndexer: windowsBinary(
    "C:\\Windows\\System32\\SearchIndexer.exe",
    "Microsoft Windows Search Indexer",
    "system",
    "SearchIndexer.exe.mui",
  ),
  searchProtocolHost: windowsBinary(
    "C:\\Windows\\System32\\SearchProtocolHost.exe",
    "Microsoft Windows Search Protocol Host",
    "system",
    "SearchProtocolHost.exe.mui",
  ),
  runtimeBroker: windowsBinary("C:\\Windows\\System32\\RuntimeBroker.exe", "Runtime Broker", "system"),
  taskhostw: windowsBinary("C:\\Windows\\System32\\taskhostw.exe", "Host Process for Windows Tasks", "system"),
  backgroundTaskHost: windowsBinary("C:\\Windows\\System32\\backgroundTaskHost.exe", "Background Task Host", "system"),
  dllhost: windowsBinary("C:\\Windows\\System32\\dllhost.exe", "COM Surrogate", "system"),
  wmiPrvSe: windowsBinary("C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", "WMI Provider Host", "system", "Wmiprvse.exe"),
  conhost: windowsBinary("C:\\Windows\\System32\\conhost.exe", "Console Window Host", "shell", "CONHOST.EXE"),
  cmd: windowsBinary("C:\\Windows\\System32\\cmd.exe", "Windows Command Processor", "shell", "Cmd.Exe"),
  powershell: windowsBinary(
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    "Windows PowerShell",
    "shell",
    "PowerShell.EXE",
  ),
  compatTel: windowsBinary(
    "C:\\Windows\\System32\\CompatTelRunner.exe",
    "Microsoft Compatibility Telemetry",
    "updater",
    "CompatTelRunner.exe.mui",
  ),
  msiexec: windowsBinary("C:\\Windows\\System32\\msiexec.exe", "Windows® installer", "updater", "msiexec.exe"),
  consent: windowsBinary("C:\\Windows\\System32\\consent.exe", "Consent UI for administrative applications", "system"),
  msMpEng: {
    image: `${DEFENDER_PLATFORM}\\MsMpEng.exe`,
    fileVersion: "4.18.24090.11 (WinBuild.160101.0800)",
    description: "Antimalware Service Executable",
    product: WINDOWS_PRODUCT,
    company: MICROSOFT,
    originalFileName: "MsMpEng.exe",
    role: "defender",
  },
  chrome: {
    image: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    fileVersion: "131.0.6778.86",
    description: "Google Chrome",
    product: "Google Chrome",
    company: "Google LLC",
    originalFileName: "chrome.exe",
    role: "browser",
  },
  msedge: {
    image: "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
    fileVersion: "131.0.2903.63",
    description: "Microsoft Edge",
    product: "Microsoft Edge",
    company: MICROSOFT,
    originalFileName: "msedge.exe",
    role: "browser",
  },
  outlook: {
    image: "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
    fileVersion: "16.0.18129.20158",
    description: "Microsoft Outlook",
    product: "Microsoft Outlook",
    company: MICROSOFT,
    originalFileName: "Outlook.exe",
    role: "office",
  },
  winword: {
    image: "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
    fileVersion: "16.0.18129.20158",
    description: "Microsoft Word",
    product: "Microsoft Office",
    company: MICROSOFT,
    originalFileName: "WinWord.exe",
    role: "office",
  },
  excel: {
    image: "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
    fileVersion: "16.0.18129.20158",
    description: "Microsoft Excel",
    product: "Microsoft Office",
    company: MICROSOFT,
    originalFileName: "Excel.exe",
    role: "office",
  },
  teams: {
    image: "C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\ms-teams.exe",
    fileVersion: "24295.605.3225.8804",
    description: "Microsoft Teams",
    product: "Microsoft Teams",
    company: MICROSOFT,
    originalFileName: "ms-teams.exe",
    role: "teams",
  },
  oneDrive: {
    image: "{home}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
    fileVersion: "24.211.1020.0002",
    description: "Microsoft OneDrive",
    product: "Microsoft OneDrive",
    company: MICROSOFT,
    originalFileName: "OneDrive.exe",
    role: "onedrive",
  },
  edgeUpdate: {
    image: "C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe",
    fileVersion: "1.3.195.35",
    description: "Microsoft Edge Update",
    product: "Microsoft Edge Update",
    company: MICROSOFT,
    originalFileName: "msedgeupdate.dll",
    role: "updater",
  },
  code: {
    image: "{home}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
    fileVersion: "1.95.3",
    description: "Visual Studio Code",
    product: "Visual Studio Code",
    company: MICROSOFT,
    originalFileName: "electron.exe",
    role: "developer",
  },
  git: {
    image: "C:\\Program Files\\Git\\cmd\\git.exe",
    fileVersion: "2.47.0.1",
    description: "Git for Windows",
    product: "Git",
    company: "The Git Development Community",
    originalFileName: "git.exe",
    role: "developer",
  },
  node: {
    image: "C:\\Program Files\\nodejs\\node.exe",
    fileVersion: "22.11.0",
    description: "Node.js JavaScript Runtime",
    product: "Node.js",
    company: "Node.js",
    originalFileName: "node.exe",
    role: "developer",
  },
} satisfies Record<string, Binary>;

const SVCHOST_GROUPS = [
  "-k netsvcs -p -s Schedule",
  "-k netsvcs -p -s Winmgmt",
  "-k netsvcs -p -s BITS",
  "-k netsvcs -p -s wuauserv",
  "-k LocalService -p -s EventSystem",
  "-k LocalServiceNetworkRestricted -p -s Dhcp",
  "-k NetworkService -p -s Dnscache",
  "-k NetworkService -p -s CryptSvc",
  "-k LocalSystemNetworkRestricted -p -s SysMain",
  "-k UnistackSvcGroup -s CDPUserSvc_4b7c2",
  "-k DcomLaunch -p",
  "-k RPCSS -p",
  "-k appmodel -p -s StateRepository",
  "-k wsappx -p -s AppXSvc",
  "-k utcsvc -p",
];

const CHROMIUM_FEATURES =
  "--field-trial-handle=1948,i,8012946733245410372,16384101846209573124,262144 --variations-seed-version=20241120-180137.914000";

function chromiumChild(rng: Rng, binary: Binary, userData: string): string {
  const type = rng.pick(["renderer", "renderer", "renderer", "utility", "gpu-process"]);
  const common = `--lang=en-US --service-sandbox-type=none ${CHROMIUM_FEATURES} --mojo-platform-channel-handle=${rng.int(2000, 9000)} /prefetch:${rng.int(1, 14)}`;
  if (type === "renderer") {
    return `"${binary.image}" --type=renderer --user-data-dir="${userData}" --first-renderer-process --no-pre-read-main-dll --video-capture-use-gpu-memory-buffer --lang=en-US --device-scale-factor=1.25 --num-raster-threads=4 --enable-main-frame-before-activation --renderer-client-id=${rng.int(5, 400)} --time-ticks-at-unix-epoch=-1732${rng.int(100000000, 999999999)} --launch-time-ticks=${rng.int(10000000, 999999999)} ${CHROMIUM_FEATURES} --mojo-platform-channel-handle=${rng.int(2000, 9000)} /prefetch:1`;
  }
  if (type === "utility") {
    const sub = rng.pick(["network.mojom.NetworkService", "storage.mojom.StorageService", "audio.mojom.AudioService"]);
    return `"${binary.image}" --type=utility --utility-sub-type=${sub} --message-loop-type-ui ${common}`;
  }
  return `"${binary.image}" --type=gpu-process --no-pre-read-main-dll --gpu-preferences=UAAAAAAAAADgAAAEAAAAAAAAAAAAAAAAAABgAAEAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAIAAAAAAAAAAgAAAAAAAAA --user-data-dir="${userData}" ${common}`;
}

interface Launch {
  binary: Binary;
  /** Image of the usual parent; the host's first process with that image becomes the parent. */
  parent: Binary;
  account: Account;
  weight: number;
  longLived?: boolean;
  developerOnly?: boolean;
  commandLine(rng: Rng, host: Host): string;
  currentDirectory?(host: Host): string;
}

const SYSTEM32 = "C:\\Windows\\system32\\";

const LAUNCHES: Launch[] = [
  {
    binary: BIN.chrome,
    parent: BIN.chrome,
    account: "user",
    weight: 14,
    commandLine: (rng, host) =>
      chromiumChild(rng, BIN.chrome, `${host.home}\\AppData\\Local\\Google\\Chrome\\User Data`),
    currentDirectory: () => "C:\\Program Files\\Google\\Chrome\\Application\\131.0.6778.86\\",
  },
  {
    binary: BIN.msedge,
    parent: BIN.msedge,
    account: "user",
    weight: 8,
    commandLine: (rng, host) =>
      chromiumChild(rng, BIN.msedge, `${host.home}\\AppData\\Local\\Microsoft\\Edge\\User Data`),
    currentDirectory: () => "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\131.0.2903.63\\",
  },
  {
    binary: BIN.svchost,
    parent: BIN.services,
    account: "system",
    weight: 6,
    longLived: true,
    commandLine: (rng) => `C:\\Windows\\system32\\svchost.exe ${rng.pick(SVCHOST_GROUPS)}`,
  },
  {
    binary: BIN.backgroundTaskHost,
    parent: BIN.svchost,
    account: "user",
    weight: 6,
    commandLine: (rng) =>
      `"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:${rng.pick([
        "BackgroundTaskHost.WebAccountProvider",
        "App.AppXnme9zjyebb2xnyygh6q9ev6p5d234br2.mca",
        "CortanaUI.AppXy7vb4pc2dr3kc93kfc509b1d0arkfb2x.mca",
      ])}`,
  },
  {
    binary: BIN.runtimeBroker,
    parent: BIN.svchost,
    account: "user",
    weight: 5,
    commandLine: () => "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding",
  },
  {
    binary: BIN.searchProtocolHost,
    parent: BIN.searchIndexer,
    account: "system",
    weight: 6,
    commandLine: (rng) =>
      `"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe${rng.int(1, 300)}_ Global\\UsGthrCtrlFltPipeMssGthrPipe${rng.int(1, 300)} 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"`,
  },
  {
    binary: BIN.wmiPrvSe,
    parent: BIN.svchost,
    account: "networkservice",
    weight: 4,
    commandLine: () => "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
  },
  {
    binary: BIN.taskhostw,
    parent: BIN.svchost,
    account: "user",
    weight: 4,
    commandLine: (rng) =>
      `taskhostw.exe ${rng.pick(["Install $(Arg0)", "-RegisterDevice -ProtectionStateChanged", "KEYROAMING"])}`,
  },
  {
    binary: BIN.dllhost,
    parent: BIN.svchost,
    account: "user",
    weight: 4,
    commandLine: (rng) =>
      `C:\\Windows\\system32\\DllHost.exe /Processid:{${rng.pick([
        "3EB3C877-1F16-487C-9050-104DBCD66683",
        "AB8902B4-09CA-4BB6-B78D-A8F59079A8D5",
        "973D20D7-562D-44B9-B70B-5A0F49CCDF3F",
      ])}}`,
  },
  {
    binary: BIN.conhost,
    parent: BIN.cmd,
    account: "user",
    weight: 4,
    commandLine: () => "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
  },
  {
    binary: BIN.cmd,
    parent: BIN.explorer,
    account: "user",
    weight: 2,
    commandLine: (rng, host) =>
      rng.pick([
        `"C:\\Windows\\system32\\cmd.exe" `,
        `C:\\Windows\\system32\\cmd.exe /c "${host.home}\\AppData\\Local\\Temp\\mapdrives.cmd"`,
        `cmd.exe /c ipconfig /all`,
        `C:\\Windows\\system32\\cmd.exe /d /s /c "gpupdate /target:user /force"`,
      ]),
    currentDirectory: (host) => `${host.home}\\`,
  },
  {
    binary: BIN.powershell,
    parent: BIN.explorer,
    account: "user",
    weight: 2,
    commandLine: (rng) =>
      rng.pick([
        `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" `,
        `powershell.exe -NoProfile -ExecutionPolicy Bypass -File "\\\\corp.example.com\\NETLOGON\\scripts\\Set-Printers.ps1"`,
        `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoLogo -NonInteractive -Command "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' | Select-Object ProductName, DisplayVersion"`,
      ]),
    currentDirectory: () => SYSTEM32,
  },
  {
    binary: BIN.compatTel,
    parent: BIN.svchost,
    account: "system",
    weight: 2,
    commandLine: (rng) =>
      `C:\\Windows\\system32\\compattelrunner.exe -m:${rng.pick(["appraiser.dll -f:DoScheduledTelemetryRun", "invagent.dll -f:RunUpdate", "devinv.dll -f:CreateDeviceInventory"])} -cv:${rng.hex(8)}.${rng.int(1, 9)}`,
  },
  {
    binary: BIN.edgeUpdate,
    parent: BIN.svchost,
    account: "system",
    weight: 2,
    commandLine: (rng) =>
      `"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe" /ua /installsource ${rng.pick(["scheduler", "core"])}`,
  },
  {
    binary: BIN.msiexec,
    parent: BIN.services,
    account: "system",
    weight: 1,
    commandLine: () => "C:\\Windows\\system32\\msiexec.exe /V",
  },
  {
    binary: BIN.consent,
    parent: BIN.svchost,
    account: "system",
    weight: 1,
    commandLine: (rng) => `consent.exe ${rng.int(800, 9000)} 368 000001A2${rng.hex(8).toUpperCase()}`,
  },
  {
    binary: BIN.winword,
    parent: BIN.explorer,
    account: "user",
    weight: 1,
    longLived: true,
    commandLine: (rng, host) =>
      `"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE" /n "${host.home}\\OneDrive - Corp\\Documents\\${rng.pick(["Q4 planning", "Board minutes", "Vendor contract v3", "Onboarding checklist"])}.docx" /o ""`,
  },
  {
    binary: BIN.excel,
    parent: BIN.explorer,
    account: "user",
    weight: 1,
    longLived: true,
    commandLine: (rng, host) =>
      `"C:\\Program Files\\Microsoft Office\\Root\\Office16\\EXCEL.EXE" "${host.home}\\Downloads\\${rng.pick(["budget_2027", "expenses-nov", "pipeline export", "headcount"])}.xlsx"`,
  },
  {
    binary: BIN.git,
    parent: BIN.code,
    account: "user",
    weight: 5,
    developerOnly: true,
    commandLine: (rng) =>
      rng.pick([
        "git.exe status -z -uall",
        "git.exe rev-parse --show-toplevel",
        "git.exe for-each-ref --sort -committerdate --format %(refname) %(objectname) %(*objectname)",
        "git.exe fetch --all --prune",
        "git.exe -c core.quotepath=false log --format=%H%n%aN%n%aE%n%at%n%ct%n%P%n%D%n%B -z --shortstat --diff-merges=first -n50",
      ]),
    currentDirectory: (host) => `${host.home}\\source\\repos\\billing-service\\`,
  },
  {
    binary: BIN.node,
    parent: BIN.code,
    account: "user",
    weight: 2,
    developerOnly: true,
    commandLine: (rng, host) =>
      `"C:\\Program Files\\nodejs\\node.exe" ${rng.pick([
        `"${host.home}\\source\\repos\\billing-service\\node_modules\\typescript\\lib\\tsserver.js" --serverMode partialSemantic --useInferredProjectPerProjectRoot --disableAutomaticTypingAcquisition --cancellationPipeName ${host.home}\\AppData\\Local\\Temp\\vscode-typescript\\${rng.hex(20)}\\tscancellation-${rng.hex(20)}.tmp* --locale en --noGetErrOnBackgroundUpdate --validateDefaultNpmLocation --useNodeIpc`,
        `"${host.home}\\source\\repos\\billing-service\\node_modules\\vitest\\vitest.mjs" run --reporter=dot`,
      ])}`,
    currentDirectory: (host) => `${host.home}\\source\\repos\\billing-service\\`,
  },
];

const LAUNCH_TOTAL_WEIGHT = LAUNCHES.reduce((sum, launch) => sum + launch.weight, 0);

/** What is already running when the log starts: every host boots the same way. */
const BOOT: {
  binary: Binary;
  account: Account;
  commandLine: string;
  developerOnly?: boolean;
}[] = [
  { binary: BIN.services, account: "system", commandLine: "C:\\Windows\\system32\\services.exe" },
  { binary: BIN.lsass, account: "system", commandLine: "C:\\Windows\\system32\\lsass.exe" },
  {
    binary: BIN.csrss,
    account: "system",
    commandLine:
      "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16",
  },
  ...SVCHOST_GROUPS.slice(0, 8).map((group) => ({
    binary: BIN.svchost,
    account: (group.includes("NetworkService")
      ? "networkservice"
      : group.includes("LocalService")
        ? "localservice"
        : "system") as Account,
    commandLine: `C:\\Windows\\system32\\svchost.exe ${group}`,
  })),
  { binary: BIN.msMpEng, account: "system", commandLine: `"${DEFENDER_PLATFORM}\\MsMpEng.exe"` },
  {
    binary: BIN.searchIndexer,
    account: "system",
    commandLine: "C:\\Windows\\system32\\SearchIndexer.exe /Embedding",
  },
  { binary: BIN.explorer, account: "user", commandLine: "C:\\Windows\\Explorer.EXE" },
  {
    binary: BIN.chrome,
    account: "user",
    commandLine: `"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --profile-directory=Default`,
  },
  {
    binary: BIN.msedge,
    account: "user",
    commandLine: `"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --no-startup-window --win-session-start`,
  },
  {
    binary: BIN.outlook,
    account: "user",
    commandLine: `"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE" /recycle`,
  },
  {
    binary: BIN.teams,
    account: "user",
    commandLine: `"C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\ms-teams.exe" msteams:system-initiated`,
  },
  {
    binary: BIN.oneDrive,
    account: "user",
    commandLine: `"{home}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background`,
  },
  { binary: BIN.cmd, account: "user", commandLine: `"C:\\Windows\\system32\\cmd.exe" ` },
  {
    binary: BIN.code,
    account: "user",
    commandLine: `"{home}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe" `,
    developerOnly: true,
  },
];

const FIRST_NAMES = [
  "alice",
  "bruno",
  "chloe",
  "daniel",
  "emma",
  "farid",
  "grace",
  "hiro",
  "ines",
  "jonas",
  "kavya",
  "liam",
  "maria",
  "noah",
  "olga",
  "pedro",
  "quinn",
  "rosa",
  "sanjay",
  "tessa",
];
const LAST_NAMES = [
  "martin",
  "nguyen",
  "schmidt",
  "garcia",
  "okafor",
  "rossi",
  "kowalski",
  "tanaka",
  "dubois",
  "smith",
];
const DEPARTMENTS = ["FIN", "HR", "ENG", "SAL", "OPS", "IT", "MKT", "LEG"];
const DOMAIN = "CORP";
const DNS_SUFFIX = "corp.example.com";
const DOMAIN_SID = "S-1-5-21-3623811015-3361044348-30300820";

function createHost(rng: Rng, index: number): Host {
  const department = DEPARTMENTS[index % DEPARTMENTS.length] ?? "IT";
  const kind = rng.pick(["LT", "LT", "WS"]);
  const short = `${kind}-${department}-${String(100 + index * 7).padStart(3, "0")}`;
  const account = `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
  const home = `C:\\Users\\${account}`;
  const guidPrefix = rng.hex(8);
  const host: Host = {
    fqdn: `${short}.${DNS_SUFFIX}`,
    ip: `10.20.${16 + Math.floor(index / 8)}.${20 + ((index * 13) % 200)}`,
    user: `${DOMAIN}\\${account}`,
    home,
    sid: `${DOMAIN_SID}-${1100 + index}`,
    logonId: `0x${rng.int(0x100000, 0xffffff).toString(16)}`,
    logonGuid: `{${guidPrefix}-6741-6560-${rng.hex(4)}-${rng.hex(6)}000000}`,
    guidPrefix,
    processes: [],
    nextPid: 4,
    recordId: rng.int(100_000, 9_000_000),
    developer: department === "ENG" || department === "IT",
  };
  return host;
}

// ---------------------------------------------------------------------------------------------
// Network destinations

interface Destination {
  name: string;
  ips: readonly string[];
  port: number;
  protocol: "tcp" | "udp";
  cname?: string;
  /** The reverse lookup Sysmon puts in DestinationHostname; most cloud addresses have none. */
  rdns?: string;
}

const PORT_NAMES: Record<number, string> = {
  53: "domain",
  80: "http",
  88: "kerberos",
  135: "epmap",
  389: "ldap",
  443: "https",
  445: "microsoft-ds",
  3478: "-",
};

const DC_IPS = ["10.20.0.10", "10.20.0.11"];

const DESTINATIONS: Record<Role, readonly Destination[]> = {
  browser: [
    {
      name: "www.google.com",
      rdns: "fra24s06-in-f4.1e100.net",
      ips: ["142.250.185.68", "142.250.186.100"],
      port: 443,
      protocol: "tcp",
    },
    {
      name: "clients4.google.com",
      rdns: "fra16s48-in-f14.1e100.net",
      ips: ["142.250.184.206"],
      port: 443,
      protocol: "tcp",
    },
    {
      name: "fonts.gstatic.com",
      rdns: "fra24s07-in-f3.1e100.net",
      ips: ["142.250.185.99"],
      port: 443,
      protocol: "tcp",
    },
    {
      name: "www.bing.com",
      ips: ["13.107.21.200", "204.79.197.200"],
      port: 443,
      protocol: "tcp",
      cname: "dual-a-0001.a-msedge.net",
    },
    {
      name: "github.com",
      rdns: "lb-140-82-121-4-fra.github.com",
      ips: ["140.82.121.4", "140.82.121.3"],
      port: 443,
      protocol: "tcp",
    },
    { name: "corp.atlassian.net", ips: ["104.192.142.18", "185.166.143.24"], port: 443, protocol: "tcp" },
    { name: "app.salesforce.com", ips: ["85.222.134.40"], port: 443, protocol: "tcp" },
    { name: "intranet.corp.example.com", ips: ["10.20.1.40"], port: 443, protocol: "tcp" },
    {
      name: "edge.microsoft.com",
      ips: ["13.107.21.239"],
      port: 443,
      protocol: "tcp",
      cname: "edge-microsoft-com.dual-a-0036.a-msedge.net",
    },
    {
      name: "www.youtube.com",
      rdns: "fra24s12-in-f14.1e100.net",
      ips: ["142.250.74.46"],
      port: 443,
      protocol: "tcp",
      cname: "youtube-ui.l.google.com",
    },
  ],
  office: [
    {
      name: "outlook.office365.com",
      ips: ["52.97.201.194", "40.99.150.82"],
      port: 443,
      protocol: "tcp",
      cname: "outlook.ha.office365.com",
    },
    {
      name: "officeclient.microsoft.com",
      ips: ["52.109.8.21"],
      port: 443,
      protocol: "tcp",
      cname: "prod.configsvc1.live.com.akadns.net",
    },
    { name: "nexus.officeapps.live.com", ips: ["52.111.236.22"], port: 443, protocol: "tcp" },
    {
      name: "ecs.office.com",
      ips: ["52.113.194.132"],
      port: 443,
      protocol: "tcp",
      cname: "ecs.office.trafficmanager.net",
    },
  ],
  teams: [
    {
      name: "teams.microsoft.com",
      ips: ["52.113.194.132", "52.123.129.14"],
      port: 443,
      protocol: "tcp",
      cname: "teams-office-com.s-0005.dc-msedge.net",
    },
    { name: "presence.teams.microsoft.com", ips: ["52.112.120.203"], port: 443, protocol: "tcp" },
    { name: "worldaz.relay.teams.microsoft.com", ips: ["52.112.231.80", "52.115.97.12"], port: 3478, protocol: "udp" },
  ],
  onedrive: [
    {
      name: "corp-my.sharepoint.com",
      ips: ["13.107.136.10", "13.107.138.10"],
      port: 443,
      protocol: "tcp",
      cname: "dual-spo-0005.spo-msedge.net",
    },
    { name: "skyapi.live.net", ips: ["13.107.42.12"], port: 443, protocol: "tcp" },
  ],
  defender: [
    {
      name: "wdcp.microsoft.com",
      ips: ["20.190.151.7"],
      port: 443,
      protocol: "tcp",
      cname: "wdcp.microsoft.akadns.net",
    },
    {
      name: "go.microsoft.com",
      ips: ["23.47.160.122"],
      port: 443,
      protocol: "tcp",
      cname: "go.microsoft.com.edgekey.net",
    },
    { name: "definitionupdates.microsoft.com", ips: ["23.210.216.31"], port: 443, protocol: "tcp" },
  ],
  svchost: [
    { name: "dc01.corp.example.com", ips: DC_IPS, port: 389, protocol: "tcp" },
    { name: "dc01.corp.example.com", ips: DC_IPS, port: 88, protocol: "tcp" },
    { name: "dc01.corp.example.com", ips: DC_IPS, port: 135, protocol: "tcp" },
    { name: "fs01.corp.example.com", ips: ["10.20.1.21"], port: 445, protocol: "tcp" },
    { name: "settings-win.data.microsoft.com", ips: ["4.231.128.59"], port: 443, protocol: "tcp" },
    {
      name: "v10.events.data.microsoft.com",
      ips: ["20.42.73.29", "20.189.173.4"],
      port: 443,
      protocol: "tcp",
      cname: "global.asimov.events.data.trafficmanager.net",
    },
    {
      name: "ctldl.windowsupdate.com",
      ips: ["199.232.214.172"],
      port: 80,
      protocol: "tcp",
      cname: "wu-bg-shim.trafficmanager.net",
    },
    { name: "login.microsoftonline.com", ips: ["20.190.159.2", "40.126.31.67"], port: 443, protocol: "tcp" },
  ],
  explorer: [
    { name: "fs01.corp.example.com", ips: ["10.20.1.21"], port: 445, protocol: "tcp" },
    { name: "arc.msn.com", ips: ["20.199.58.43"], port: 443, protocol: "tcp" },
  ],
  shell: [
    { name: "corp.example.com", ips: DC_IPS, port: 445, protocol: "tcp" },
    { name: "www.powershellgallery.com", ips: ["20.62.129.174"], port: 443, protocol: "tcp" },
  ],
  developer: [
    { name: "github.com", rdns: "lb-140-82-121-4-fra.github.com", ips: ["140.82.121.4"], port: 443, protocol: "tcp" },
    { name: "registry.npmjs.org", ips: ["104.16.27.34", "104.16.30.34"], port: 443, protocol: "tcp" },
    { name: "marketplace.visualstudio.com", ips: ["13.107.42.18"], port: 443, protocol: "tcp" },
  ],
  system: [{ name: "dc01.corp.example.com", ips: DC_IPS, port: 445, protocol: "tcp" }],
  updater: [
    { name: "msedge.api.cdp.microsoft.com", ips: ["13.107.246.73"], port: 443, protocol: "tcp" },
    { name: "self.events.data.microsoft.com", ips: ["20.189.173.12"], port: 443, protocol: "tcp" },
  ],
};

// ---------------------------------------------------------------------------------------------
// Libraries, files and registry

interface Library {
  path: string;
  description: string;
  originalFileName: string;
  fileVersion: string;
  product: string;
  company: string;
  signature: string;
}

function systemDll(name: string, description: string): Library {
  return {
    path: `C:\\Windows\\System32\\${name}`,
    description,
    originalFileName: name.slice(name.lastIndexOf("\\") + 1),
    fileVersion: OS_VERSION,
    product: WINDOWS_PRODUCT,
    company: MICROSOFT,
    signature: "Microsoft Windows",
  };
}

const LIBRARIES: readonly Library[] = [
  systemDll("wininet.dll", "Internet Extensions for Win32"),
  systemDll("winhttp.dll", "Windows HTTP Services"),
  systemDll("crypt32.dll", "Crypto API32"),
  systemDll("bcrypt.dll", "Windows Cryptographic Primitives Library"),
  systemDll("ncrypt.dll", "Windows NCrypt Router"),
  systemDll("dbghelp.dll", "Windows Image Helper"),
  systemDll("amsi.dll", "Anti-Malware Scan Interface"),
  systemDll("taskschd.dll", "Task Scheduler COM API"),
  systemDll("wldap32.dll", "Win32 LDAP API DLL"),
  systemDll("samlib.dll", "SAM Library DLL"),
  systemDll("vaultcli.dll", "Credential Vault Client Library"),
  systemDll("dnsapi.dll", "DNS Client API DLL"),
  systemDll("webio.dll", "Web Transfer Protocols API"),
  systemDll("wbem\\wmiutils.dll", "WMI"),
  {
    path: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll",
    description: "Microsoft .NET Runtime Common Language Runtime - WorkStation",
    originalFileName: "clr.dll",
    fileVersion: "4.8.9261.0 built by: NET481REL1LAST_C",
    product: "Microsoft® .NET Framework",
    company: MICROSOFT,
    signature: "Microsoft Corporation",
  },
  {
    path: "C:\\Program Files\\Google\\Chrome\\Application\\131.0.6778.86\\chrome_elf.dll",
    description: "Google Chrome",
    originalFileName: "chrome_elf.dll",
    fileVersion: "131.0.6778.86",
    product: "Google Chrome",
    company: "Google LLC",
    signature: "Google LLC",
  },
];

const DOWNLOAD_NAMES = [
  "Invoice_INV-20261123-4471.pdf",
  "Statement of Work - Contoso.docx",
  "meeting-notes.txt",
  "Q4_Sales_Forecast.xlsx",
  "vpn-client-installer.msi",
  "screenshot 2026-11-23 101512.png",
];

function fileTarget(rng: Rng, host: Host, proc: Proc): string {
  const temp = `${host.home}\\AppData\\Local\\Temp`;
  switch (proc.binary.role) {
    case "browser":
      return rng.chance(0.2)
        ? `${host.home}\\Downloads\\${rng.pick(DOWNLOAD_NAMES)}${rng.chance(0.5) ? ".crdownload" : ""}`
        : `${host.home}\\AppData\\Local\\${proc.image.includes("Chrome") ? "Google\\Chrome" : "Microsoft\\Edge"}\\User Data\\Default\\Cache\\Cache_Data\\f_${rng.hex(6)}`;
    case "office":
      return rng.pick([
        `${host.home}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${rng.hex(8).toUpperCase()}\\${rng.pick(DOWNLOAD_NAMES)}`,
        `${host.home}\\AppData\\Roaming\\Microsoft\\Office\\Recent\\${rng.pick(DOWNLOAD_NAMES)}.LNK`,
        `${host.home}\\AppData\\Local\\Microsoft\\Office\\16.0\\OfficeFileCache\\${rng.hex(8)}.tmp`,
      ]);
    case "teams":
      return `${host.home}\\AppData\\Local\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams\\EBWebView\\Default\\Cache\\Cache_Data\\f_${rng.hex(6)}`;
    case "onedrive":
      return rng.pick([
        `${host.home}\\OneDrive - Corp\\Documents\\${rng.pick(DOWNLOAD_NAMES)}`,
        `${host.home}\\AppData\\Local\\Microsoft\\OneDrive\\logs\\Business1\\SyncEngine-2026-11-23.${rng.int(1000, 9999)}.${rng.int(1000, 9999)}.odl`,
      ]);
    case "defender":
      return `C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\CacheManager\\${rng.hex(16).toUpperCase()}-0.bin`;
    case "svchost":
      return rng.chance(0.6)
        ? `C:\\Windows\\Prefetch\\${rng.pick(["CHROME.EXE", "MSEDGE.EXE", "BACKGROUNDTASKHOST.EXE", "SEARCHPROTOCOLHOST.EXE", "CONHOST.EXE", "GIT.EXE"])}-${rng.hex(8).toUpperCase()}.pf`
        : `C:\\Windows\\ServiceProfiles\\LocalService\\AppData\\Local\\Temp\\TMP${rng.hex(8).toUpperCase()}`;
    case "explorer":
      return `${host.home}\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\${rng.pick(DOWNLOAD_NAMES)}.lnk`;
    case "developer":
      return `${host.home}\\source\\repos\\billing-service\\${rng.pick(["node_modules\\.vite\\deps\\_metadata.json", ".git\\index.lock", "dist\\index.js", "coverage\\lcov.info"])}`;
    case "updater":
      return `C:\\Windows\\SystemTemp\\MsEdgeCrashpad\\reports\\${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}.dmp`;
    default:
      // PowerShell writes the __PSScriptPolicyTest_ probe files; a service (lsass, services.exe)
      // writes its scratch files to the system's temp, never a script into a user's.
      if (/\\(?:powershell|pwsh)\.exe$/i.test(proc.image)) return `${temp}\\__PSScriptPolicyTest_${rng.hex(8)}.ps1`;
      return `${proc.account === "user" ? temp : "C:\\Windows\\Temp"}\\${rng.pick(["tmp", "wct"])}${rng.hex(8)}.${rng.pick(["tmp", "log"])}`;
  }
}

function registryWrite(rng: Rng, host: Host, proc: Proc): { target: string; details: string } {
  const hku = `HKU\\${host.sid}`;
  switch (proc.binary.role) {
    case "explorer":
      return rng.pick([
        {
          target: `${hku}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist\\{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}\\Count\\{1NP14R77-02R7-4R5Q-O744-2RO1NR5198O7}\\JvaqbjfCbjreFuryy\\i1.0\\cbjrefuryy.rkr`,
          details: "Binary Data",
        },
        {
          target: `${hku}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.pdf\\${rng.int(0, 40)}`,
          details: "Binary Data",
        },
        {
          target: `${hku}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\FeatureUsage\\AppSwitched\\${proc.image.includes("Chrome") ? "Chrome" : "MSEdge"}`,
          details: `DWORD (0x${rng.int(1, 4000).toString(16).padStart(8, "0")})`,
        },
      ]);
    case "svchost":
      return rng.pick([
        {
          target: `HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\${host.sid}\\\\Device\\HarddiskVolume3\\${rng.pick(["Program Files\\Google\\Chrome\\Application\\chrome.exe", "Windows\\System32\\cmd.exe", "Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"])}`,
          details: "Binary Data",
        },
        {
          target: `HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Microsoft\\Windows\\${rng.pick(["UpdateOrchestrator\\Schedule Scan", "Defrag\\ScheduledDefrag", "WindowsUpdate\\Scheduled Start"])}\\Index`,
          details: `DWORD (0x0000000${rng.int(1, 9)})`,
        },
        {
          target: "HKLM\\System\\CurrentControlSet\\Services\\W32Time\\Config\\LastKnownGoodTime",
          details: `QWORD (0x01db${rng.hex(4)}-0x${rng.hex(8)})`,
        },
      ]);
    case "defender":
      return {
        target: `HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\${rng.pick(["Signature Updates\\SignaturesLastUpdated", "Signature Updates\\AVSignatureApplied", "Features\\EcsConfigs"])}`,
        details: "Binary Data",
      };
    case "onedrive":
      return {
        target: `${hku}\\Software\\Microsoft\\OneDrive\\Accounts\\Business1\\${rng.pick(["LastSignInTime", "ClientFirstSignInTimestamp", "ECSConfigurationLastUpdated"])}`,
        details: `QWORD (0x00000000-0x${rng.hex(8)})`,
      };
    case "teams":
      return {
        target: `${hku}\\Software\\Microsoft\\Office\\Teams\\${rng.pick(["HomeUserUpn", "LoggedInOnce", "IsAppLaunched"])}`,
        details: rng.chance(0.5) ? `${host.user.slice(DOMAIN.length + 1)}@example.com` : "DWORD (0x00000001)",
      };
    case "office":
      return {
        target: `${hku}\\Software\\Microsoft\\Office\\16.0\\Common\\${rng.pick(["Roaming\\Identities\\Settings\\1272\\Cached", "ExperimentEcs\\Overrides\\LastUpdated", "Graphics\\MonitorsUsedInSession"])}`,
        details: rng.chance(0.5) ? "Binary Data" : `DWORD (0x${rng.hex(8)})`,
      };
    case "browser":
      return {
        target: `${hku}\\Software\\${proc.image.includes("Chrome") ? "Google\\Chrome" : "Microsoft\\Edge"}\\BLBeacon\\${rng.pick(["version", "state", "failed_count"])}`,
        details: rng.chance(0.5) ? "131.0.6778.86" : "DWORD (0x00000001)",
      };
    default:
      return {
        target: `HKLM\\System\\CurrentControlSet\\Services\\${rng.pick(["edgeupdate", "edgeupdatem", "MicrosoftEdgeElevationService", "gupdate"])}\\Start`,
        details: `DWORD (0x0000000${rng.pick([2, 3, 4])})`,
      };
  }
}

const CALL_TRACE_TAILS = [
  "C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\Windows\\System32\\combase.dll+5d3c1|C:\\Windows\\System32\\RPCRT4.dll+5f9c3|C:\\Windows\\System32\\RPCRT4.dll+3c9e2|C:\\Windows\\System32\\KERNEL32.DLL+17374|C:\\Windows\\SYSTEM32\\ntdll.dll+4cc91",
  `C:\\Windows\\System32\\KERNELBASE.dll+6fb2e|${DEFENDER_PLATFORM}\\MpSvc.dll+1b2c4e|${DEFENDER_PLATFORM}\\MpSvc.dll+1a9d07|${DEFENDER_PLATFORM}\\mpengine.dll+9c61f0|C:\\Windows\\System32\\KERNEL32.DLL+17374|C:\\Windows\\SYSTEM32\\ntdll.dll+4cc91`,
  "C:\\Windows\\System32\\KERNELBASE.dll+2c13e|c:\\windows\\system32\\wbem\\cimwin32.dll+2a3b6|c:\\windows\\system32\\wbem\\cimwin32.dll+1d5b0|C:\\Windows\\SYSTEM32\\framedynos.dll+1e1f2|C:\\Windows\\SYSTEM32\\wbem\\wmiprvse.exe+3f5a1|C:\\Windows\\System32\\RPCRT4.dll+5f9c3|C:\\Windows\\SYSTEM32\\ntdll.dll+4cc91",
];

const ACCESS_MASKS = ["0x1000", "0x1400", "0x1410", "0x101000", "0x101541", "0x1fffff", "0x40"];

// ---------------------------------------------------------------------------------------------
// Events

/** Roughly a workstation's Sysmon mix under a community config: per 100 events. */
const EVENT_MIX: readonly (readonly [number, number])[] = [
  [1, 4],
  [3, 18],
  [11, 20],
  [13, 22],
  [22, 14],
  [7, 14],
  [10, 8],
];
const EVENT_MIX_TOTAL = EVENT_MIX.reduce((sum, [, weight]) => sum + weight, 0);

/** Task name and event schema version, as Sysmon 15 writes them into the System section. */
const EVENT_SYSTEM: Record<number, { task: string; version: number }> = {
  1: { task: "Process Create (rule: ProcessCreate)", version: 5 },
  3: { task: "Network connection detected (rule: NetworkConnect)", version: 5 },
  7: { task: "Image loaded (rule: ImageLoad)", version: 3 },
  10: { task: "Process accessed (rule: ProcessAccess)", version: 3 },
  11: { task: "File created (rule: FileCreate)", version: 2 },
  13: { task: "Registry value set (rule: RegistryEvent)", version: 2 },
  22: { task: "Dns query (rule: DnsQuery)", version: 5 },
};
const SYSMON_PROVIDER_GUID = "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}";

const PROCESS_PREFERENCE: Record<number, readonly Role[]> = {
  3: ["browser", "browser", "office", "teams", "onedrive", "svchost", "defender", "developer"],
  22: ["browser", "browser", "office", "teams", "onedrive", "svchost", "defender", "updater"],
  11: ["browser", "office", "svchost", "defender", "onedrive", "explorer", "teams", "developer", "updater"],
  13: ["explorer", "explorer", "svchost", "svchost", "defender", "onedrive", "teams", "office", "browser"],
  7: ["browser", "shell", "system", "svchost", "office", "updater", "developer"],
};

function pad(value: number, digits = 2): string {
  return String(value).padStart(digits, "0");
}

/** Sysmon's UtcTime: "YYYY-MM-DD HH:MM:SS.fff" in UTC. */
function sysmonTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

function accountName(host: Host, account: Account): string {
  switch (account) {
    case "system":
      return "NT AUTHORITY\\SYSTEM";
    case "localservice":
      return "NT AUTHORITY\\LOCAL SERVICE";
    case "networkservice":
      return "NT AUTHORITY\\NETWORK SERVICE";
    default:
      return host.user;
  }
}

const LOGON_IDS: Record<Exclude<Account, "user">, string> = {
  system: "0x3e7",
  localservice: "0x3e5",
  networkservice: "0x3e4",
};
/** Sysmon writes the logon id into the GUID little-endian: 0x3e7 becomes e703. */
const LOGON_GUID_TAILS: Record<Exclude<Account, "user">, string> = {
  system: "e703",
  localservice: "e503",
  networkservice: "e403",
};

export function createSysmonGenerator(options: SysmonGeneratorOptions = {}): SysmonGenerator {
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  let clock = options.startMs ?? DEFAULT_START_MS;
  let guidCounter = 0;
  const hosts = Array.from({ length: options.hostCount ?? DEFAULT_HOST_COUNT }, (_, i) => createHost(rng, i));

  const expand = (text: string, host: Host) => text.replaceAll("{home}", host.home);

  const newGuid = (host: Host) => {
    guidCounter++;
    const seconds = Math.floor(clock / 1000);
    return `{${host.guidPrefix}-${(seconds & 0xffff).toString(16).padStart(4, "0")}-${((seconds >>> 16) & 0xffff).toString(16).padStart(4, "0")}-${(guidCounter & 0xffff).toString(16).padStart(4, "0")}-${guidCounter.toString(16).padStart(12, "0")}}`;
  };

  const logonGuid = (host: Host, account: Account) =>
    account === "user" ? host.logonGuid : `{${host.guidPrefix}-6741-6560-${LOGON_GUID_TAILS[account]}-000000000000}`;

  const spawn = (
    host: Host,
    binary: Binary,
    account: Account,
    commandLine: string,
    longLived: boolean,
    currentDirectory?: string,
  ): Proc => {
    host.nextPid += 4 * rng.int(1, 60);
    if (host.nextPid > 65_000) host.nextPid = 100 + 4 * rng.int(1, 100);
    const proc: Proc = {
      guid: newGuid(host),
      pid: host.nextPid,
      binary,
      image: expand(binary.image, host),
      commandLine: expand(commandLine, host),
      account,
      integrity: account === "user" ? "Medium" : "System",
      currentDirectory: currentDirectory ?? SYSTEM32,
      longLived,
    };
    host.processes.push(proc);
    if (host.processes.length > MAX_PROCESSES_PER_HOST) {
      const oldest = host.processes.findIndex((p) => !p.longLived);
      if (oldest >= 0) host.processes.splice(oldest, 1);
    }
    return proc;
  };

  const findByImage = (host: Host, binary: Binary) => {
    const image = expand(binary.image, host);
    return host.processes.find((p) => p.image === image) ?? null;
  };

  for (const host of hosts) {
    for (const boot of BOOT) {
      if (boot.developerOnly && !host.developer) continue;
      spawn(host, boot.binary, boot.account, boot.commandLine, true);
    }
  }

  const pickProcess = (host: Host, eventId: number): Proc => {
    const roles = PROCESS_PREFERENCE[eventId];
    if (roles && rng.chance(0.85)) {
      const role = rng.pick(roles);
      const candidates = host.processes.filter((p) => p.binary.role === role);
      if (candidates.length > 0) return rng.pick(candidates);
    }
    return rng.pick(host.processes);
  };

  const pickLaunch = (host: Host): Launch => {
    for (;;) {
      let roll = rng.float() * LAUNCH_TOTAL_WEIGHT;
      for (const launch of LAUNCHES) {
        roll -= launch.weight;
        if (roll < 0) {
          if (launch.developerOnly && !host.developer) break;
          return launch;
        }
      }
    }
  };

  const processCreate = (host: Host): SysmonRecord => {
    const launch = pickLaunch(host);
    const parent = findByImage(host, launch.parent) ?? findByImage(host, BIN.explorer);
    const proc = spawn(
      host,
      launch.binary,
      launch.account,
      launch.commandLine(rng, host),
      launch.longLived ?? false,
      launch.currentDirectory?.(host),
    );
    const user = accountName(host, proc.account);
    return {
      RuleName: rng.chance(0.1) ? "technique_id=T1059,technique_name=Command and Scripting Interpreter" : "-",
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      FileVersion: proc.binary.fileVersion,
      Description: proc.binary.description,
      Product: proc.binary.product,
      Company: proc.binary.company,
      OriginalFileName: proc.binary.originalFileName,
      CommandLine: proc.commandLine,
      CurrentDirectory: proc.currentDirectory,
      User: user,
      LogonGuid: logonGuid(host, proc.account),
      LogonId: proc.account === "user" ? host.logonId : LOGON_IDS[proc.account],
      TerminalSessionId: proc.account === "user" ? 1 : 0,
      IntegrityLevel: proc.integrity,
      Hashes: fileHashes(proc.image),
      ParentProcessGuid: parent?.guid ?? "-",
      ParentProcessId: parent?.pid ?? 0,
      ParentImage: parent?.image ?? "-",
      ParentCommandLine: parent?.commandLine ?? "-",
      ParentUser: parent ? accountName(host, parent.account) : "-",
    };
  };

  const networkConnect = (host: Host): SysmonRecord => {
    const proc = pickProcess(host, 3);
    const destination = rng.pick(DESTINATIONS[proc.binary.role]);
    const internal = destination.ips[0]?.startsWith("10.") ?? false;
    return {
      RuleName: rng.chance(0.15) ? "technique_id=T1071,technique_name=Application Layer Protocol" : "-",
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      User: accountName(host, proc.account),
      Protocol: destination.protocol,
      Initiated: "true",
      SourceIsIpv6: "false",
      SourceIp: host.ip,
      SourceHostname: host.fqdn,
      SourcePort: rng.int(49152, 65535),
      SourcePortName: "-",
      DestinationIsIpv6: "false",
      DestinationIp: rng.pick(destination.ips),
      DestinationHostname: internal ? destination.name : (destination.rdns ?? "-"),
      DestinationPort: destination.port,
      DestinationPortName: PORT_NAMES[destination.port] ?? "-",
    };
  };

  const dnsQuery = (host: Host): SysmonRecord => {
    const proc = pickProcess(host, 22);
    const destination = rng.pick(DESTINATIONS[proc.binary.role]);
    const answers = destination.ips.map((ip) => `::ffff:${ip};`).join("");
    return {
      RuleName: "-",
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      QueryName: destination.name,
      QueryStatus: "0",
      QueryResults: destination.cname ? `type:  5 ${destination.cname};${answers}` : answers,
      Image: proc.image,
      User: accountName(host, proc.account),
    };
  };

  const fileCreate = (host: Host): SysmonRecord => {
    const proc = pickProcess(host, 11);
    const target = fileTarget(rng, host, proc);
    return {
      RuleName: target.includes("\\Downloads\\") ? "technique_id=T1105,technique_name=Ingress Tool Transfer" : "-",
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      TargetFilename: target,
      CreationUtcTime: sysmonTime(clock - rng.int(0, 3_600_000)),
      User: accountName(host, proc.account),
    };
  };

  const registrySet = (host: Host): SysmonRecord => {
    const proc = pickProcess(host, 13);
    const write = registryWrite(rng, host, proc);
    return {
      RuleName: rng.chance(0.3) ? "technique_id=T1112,technique_name=Modify Registry" : "-",
      EventType: "SetValue",
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      TargetObject: write.target,
      Details: write.details,
      User: accountName(host, proc.account),
    };
  };

  const imageLoad = (host: Host): SysmonRecord => {
    const proc = pickProcess(host, 7);
    const library = rng.pick(LIBRARIES);
    return {
      RuleName: rng.chance(0.3) ? "technique_id=T1574.002,technique_name=DLL Side-Loading" : "-",
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      ImageLoaded: library.path,
      FileVersion: library.fileVersion,
      Description: library.description,
      Product: library.product,
      Company: library.company,
      OriginalFileName: library.originalFileName,
      Hashes: fileHashes(library.path),
      Signed: "true",
      Signature: library.signature,
      SignatureStatus: "Valid",
      User: accountName(host, proc.account),
    };
  };

  const processAccess = (host: Host): SysmonRecord => {
    const sources = host.processes.filter((p) => ["defender", "svchost", "system"].includes(p.binary.role));
    const source = sources.length > 0 ? rng.pick(sources) : rng.pick(host.processes);
    const target = rng.chance(0.35)
      ? (findByImage(host, BIN.lsass) ?? rng.pick(host.processes))
      : rng.pick(host.processes);
    return {
      RuleName: target.binary === BIN.lsass ? "technique_id=T1003,technique_name=Credential Dumping" : "-",
      SourceProcessGUID: source.guid,
      SourceProcessId: source.pid,
      SourceThreadId: rng.int(100, 20_000),
      SourceImage: source.image,
      TargetProcessGUID: target.guid,
      TargetProcessId: target.pid,
      TargetImage: target.image,
      GrantedAccess: rng.pick(ACCESS_MASKS),
      CallTrace: `C:\\Windows\\SYSTEM32\\ntdll.dll+${rng.hex(5)}|${rng.pick(CALL_TRACE_TAILS)}`,
      SourceUser: accountName(host, source.account),
      TargetUser: accountName(host, target.account),
    };
  };

  const BUILDERS: Record<number, (host: Host) => SysmonRecord> = {
    1: processCreate,
    3: networkConnect,
    7: imageLoad,
    10: processAccess,
    11: fileCreate,
    13: registrySet,
    22: dnsQuery,
  };

  const pickEventId = () => {
    let roll = rng.float() * EVENT_MIX_TOTAL;
    for (const [id, weight] of EVENT_MIX) {
      roll -= weight;
      if (roll < 0) return id;
    }
    return 13;
  };

  const next = (): SysmonRecord => {
    clock += rng.int(0, 30);
    const host = rng.pick(hosts);
    const eventId = pickEventId();
    const build = BUILDERS[eventId];
    if (!build) throw new Error(`no builder for Sysmon event ${eventId}`);
    const utcTime = sysmonTime(clock);
    const system = EVENT_SYSTEM[eventId];
    host.recordId++;
    const data = build(host);
    // The agent reads the log a moment after Sysmon wrote it; TimeCreated carries 100 ns ticks.
    const logged = new Date(clock + rng.int(1, 40)).toISOString().replace("Z", `${pad(rng.int(0, 9999), 4)}Z`);
    return {
      Channel: "Microsoft-Windows-Sysmon/Operational",
      EventID: eventId,
      Computer: host.fqdn,
      UtcTime: utcTime,
      TimeCreated: logged,
      ProviderName: "Microsoft-Windows-Sysmon",
      ProviderId: SYSMON_PROVIDER_GUID,
      Version: system?.version ?? 1,
      Level: 4,
      LevelDisplayName: "Information",
      Task: eventId,
      TaskDisplayName: system?.task ?? String(eventId),
      Opcode: 0,
      OpcodeDisplayName: "Info",
      Keywords: "0x8000000000000000",
      RecordId: host.recordId,
      UserId: "S-1-5-18",
      ...data,
    };
  };

  return {
    next,
    take: (count) => Array.from({ length: count }, next),
  };
}
