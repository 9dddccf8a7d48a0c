/**
 * The Windows agent's committed sample output (test/fixtures/agents/windows/*.json, built by
 * agents/windows/EdgeSiemRecord.ps1 from the .xml beside each; Test-RecordSamples.ps1 checks that
 * on Windows) ingested as the agent posts it: one gzip batch with a batch_id.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import ps4104 from "../fixtures/agents/windows/powershell-4104-script-block.json";
import sec1102 from "../fixtures/agents/windows/security-1102-log-cleared.json";
import sec4624 from "../fixtures/agents/windows/security-4624-logon.json";
import sec4625 from "../fixtures/agents/windows/security-4625-logon-failed.json";
import sec4688 from "../fixtures/agents/windows/security-4688-process-creation.json";
import sec4768 from "../fixtures/agents/windows/security-4768-kerberos-tgt.json";
import sysmon1 from "../fixtures/agents/windows/sysmon-1-process-creation.json";
import sysmon3 from "../fixtures/agents/windows/sysmon-3-network-connection.json";
import sysmon11 from "../fixtures/agents/windows/sysmon-11-file-create.json";
import sysmon13 from "../fixtures/agents/windows/sysmon-13-registry-set.json";
import sysmon22 from "../fixtures/agents/windows/sysmon-22-dns-query.json";
import { agentToken, gzip, ingest, login } from "../support/workers/api.ts";

const SAMPLES = { sysmon1, sysmon3, sysmon11, sysmon13, sysmon22, sec4624, sec4625, sec4688, sec4768, sec1102, ps4104 };

interface Row {
  ts: number;
  host: string;
  dataset: string;
  event_code: string;
  category: string | null;
  action: string | null;
  outcome: string | null;
  user: string | null;
  process: string | null;
  command_line: string | null;
  parent_process: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  raw: string;
}

let token: string;

beforeEach(async () => {
  token = (await agentToken(await login(), "WS01")).token;
});

async function ingestSamples() {
  const body = JSON.stringify({ batch_id: "WS01.corp.example-samples", events: Object.values(SAMPLES) });
  return ingest(token, await gzip(body), { "content-encoding": "gzip" });
}

async function storedRows(): Promise<Row[]> {
  const { results } = await env.DB.prepare("SELECT * FROM events ORDER BY batch_index").all<Row>();
  return results;
}

const POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
const none = { outcome: null, user: null, process: null, command_line: null, parent_process: null };
const noAddresses = { src_ip: null, src_port: null, dst_ip: null, dst_port: null };

/** What each sample must become, in SAMPLES order. */
const EXPECTED = [
  {
    ts: "2026-11-23T06:54:08.120Z",
    host: "WS01.corp.example",
    dataset: "windows.sysmon_operational",
    event_code: "1",
    category: "process",
    action: "process_creation",
    ...none,
    user: "CORP\\bob",
    process: POWERSHELL,
    command_line: 'powershell.exe -NoProfile -Command "Get-MpComputerStatus | Select-Object RealTimeProtectionEnabled"',
    parent_process: "C:\\Windows\\System32\\cmd.exe",
    ...noAddresses,
  },
  {
    ts: "2026-11-23T06:54:09.312Z",
    host: "WS01.corp.example",
    dataset: "windows.sysmon_operational",
    event_code: "3",
    category: "network",
    action: "network_connection",
    ...none,
    user: "CORP\\bob",
    process: POWERSHELL,
    src_ip: "10.0.0.51",
    src_port: 51544,
    dst_ip: "203.0.113.80",
    dst_port: 443,
  },
  {
    ts: "2026-11-23T06:54:11.018Z",
    host: "WS01.corp.example",
    dataset: "windows.sysmon_operational",
    event_code: "11",
    category: "file",
    action: "file_event",
    ...none,
    user: "CORP\\bob",
    process: POWERSHELL,
    ...noAddresses,
  },
  {
    ts: "2026-11-23T06:54:12.549Z",
    host: "WS01.corp.example",
    dataset: "windows.sysmon_operational",
    event_code: "13",
    category: "registry",
    action: "registry_set",
    ...none,
    user: "CORP\\bob",
    process: POWERSHELL,
    ...noAddresses,
  },
  {
    ts: "2026-11-23T06:54:08.977Z",
    host: "WS01.corp.example",
    dataset: "windows.sysmon_operational",
    event_code: "22",
    category: "network",
    action: "dns_query",
    ...none,
    user: "CORP\\bob",
    process: POWERSHELL,
    ...noAddresses,
  },
  {
    ts: "2026-11-23T06:50:02.776Z",
    host: "SRV01.corp.example",
    dataset: "windows.security",
    event_code: "4624",
    category: "authentication",
    action: "logon",
    ...none,
    outcome: "success",
    user: "alice",
    process: "C:\\Windows\\System32\\svchost.exe",
    ...noAddresses,
    src_ip: "192.0.2.44",
    src_port: 0,
  },
  {
    ts: "2026-11-23T06:49:41.102Z",
    host: "SRV01.corp.example",
    dataset: "windows.security",
    event_code: "4625",
    category: "authentication",
    action: "logon_failed",
    ...none,
    outcome: "failure",
    user: "administrator",
    ...noAddresses,
    src_ip: "203.0.113.9",
    src_port: 50112,
  },
  {
    ts: "2026-11-23T06:55:30.900Z",
    host: "WS01.corp.example",
    dataset: "windows.security",
    event_code: "4688",
    category: "process",
    action: "process_creation",
    ...none,
    user: "bob",
    process: "C:\\Windows\\System32\\vssadmin.exe",
    command_line: "vssadmin.exe delete shadows /all /quiet",
    parent_process: "C:\\Windows\\System32\\cmd.exe",
    ...noAddresses,
  },
  {
    ts: "2026-11-23T06:49:58.331Z",
    host: "DC01.corp.example",
    dataset: "windows.security",
    event_code: "4768",
    category: "authentication",
    action: "kerberos_tgt_request",
    ...none,
    outcome: "success",
    user: "alice",
    ...noAddresses,
    src_ip: "::ffff:10.0.0.25",
    src_port: 49811,
  },
  {
    ts: "2026-11-23T07:02:14.665Z",
    host: "SRV01.corp.example",
    dataset: "windows.security",
    event_code: "1102",
    category: "configuration",
    action: "log_cleared",
    ...none,
    user: "alice",
    ...noAddresses,
  },
  {
    ts: "2026-11-23T06:54:10.099Z",
    host: "WS01.corp.example",
    dataset: "windows.powershell_operational",
    event_code: "4104",
    category: "process",
    action: "ps_script",
    ...none,
    ...noAddresses,
  },
];

describe("Windows agent samples", () => {
  it("are all accepted from one gzip batch", async () => {
    const res = await ingestSamples();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: EXPECTED.length, rejected: [], status: "stored" });
  });

  it("become events with the normalised columns of their event type", async () => {
    await ingestSamples();
    const rows = await storedRows();
    const keys = Object.keys(EXPECTED[0] ?? {}) as (keyof Row)[];
    const columns = rows.map((row) => ({
      ...Object.fromEntries(keys.map((key) => [key, row[key]])),
      ts: new Date(row.ts).toISOString(),
    }));
    expect(columns).toEqual(EXPECTED);
  });

  it("keep every field the agent sent, Sysmon's ProcessId and the System ProcessID apart", async () => {
    await ingestSamples();
    const [first] = await storedRows();
    const raw = JSON.parse(first?.raw ?? "{}") as Record<string, unknown>;
    expect(raw).toEqual(sysmon1);
    expect(raw).toMatchObject({ ProcessId: "7344", ProcessID: 3112, EventRecordID: 48213 });
  });

  it("raise the shipped rules' alerts on the attack samples", async () => {
    const res = await ingestSamples();
    expect(res.body.alerts).toBeGreaterThanOrEqual(3);
    const { results } = await env.DB.prepare("SELECT title FROM alerts").all<{ title: string }>();
    expect(results.map((r) => r.title)).toEqual(
      expect.arrayContaining([
        "Microsoft Defender Status Or Settings Queried From The Command Line",
        "Simple rule: vssadmin*delete*shadows",
        "PowerShell Script Block Downloads A Script Or Batch File",
      ]),
    );
  });

  it("are stored once when the agent resends the batch", async () => {
    await ingestSamples();
    const again = await ingestSamples();
    expect(again.body.status).toBe("duplicate");
    expect(await storedRows()).toHaveLength(EXPECTED.length);
  });
});
