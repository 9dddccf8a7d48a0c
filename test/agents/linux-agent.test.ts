/**
 * The Linux agent (agents/linux/edgesiem-agent.py) run for real with python3 against a live
 * EdgeSIEM: what arrives, what is not sent twice, rotation, truncation, an outage and the spool.
 * The steps share one server and one log file and run in order, as on a real host.
 */
import { spawn } from "node:child_process";
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiClient } from "../support/ui-session.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const AGENT = join(REPO_ROOT, "agents/linux/edgesiem-agent.py");
const FAKE_JOURNALCTL_DIR = join(REPO_ROOT, "test/fixtures/agents/linux");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

interface StoredEvent {
  host: string;
  dataset: string;
  action: string | null;
  outcome: string | null;
  user: string | null;
  src_ip: string | null;
  src_port: number | null;
  "@timestamp": string;
  batch_id: string;
  raw: { message: string };
}

interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An auth.log line as rsyslog writes it by default: local time, no year. */
function syslogLine(message: string, program = "sshd[811]", at = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = String(at.getDate()).padStart(2, " ");
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${MONTHS[at.getMonth()]} ${day} ${time} web1 ${program}: ${message}\n`;
}

function closedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

let server: DevServer;
let admin: ApiClient;
let token: string;
let work: string;
let logFile: string;
let stateDir: string;

function runAgent(args: string[], env: Record<string, string> = {}): Promise<AgentRun> {
  return new Promise((done, fail) => {
    const child = spawn("python3", [AGENT, "--once", ...args], {
      env: { ...process.env, EDGESIEM_TOKEN: token, EDGESIEM_CONFIG: join(work, "absent.conf"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("exit", (code) => done({ code, stdout, stderr }));
  });
}

/** The file-source agent of host web1, as the timer would start it. */
function runFileAgent(url = server.url, extra: string[] = []): Promise<AgentRun> {
  return runAgent([
    "--url",
    url,
    "--source",
    "file",
    "--log-file",
    logFile,
    "--state-dir",
    stateDir,
    "--host",
    "web1",
    ...extra,
  ]);
}

async function storedEvents(host: string): Promise<StoredEvent[]> {
  const now = Date.now();
  const range = `from=${now - 2 * 86_400_000}&to=${now + 2 * 86_400_000}`;
  const { events } = await admin.call<{ events: StoredEvent[] }>(
    "GET",
    `/events?${range}&host=${host}&dataset=linux.auth&limit=500`,
  );
  return events;
}

async function storedMessages(host = "web1"): Promise<string[]> {
  return (await storedEvents(host)).map((event) => event.raw.message).sort();
}

function linesOf(...texts: string[]): string[] {
  return texts.map((text) => text.trimEnd()).sort();
}

beforeAll(async () => {
  server = await startDevServer({ vars: { ADMIN_PASSWORD } });
  admin = await ApiClient.signIn(server.url, ADMIN_USERNAME, ADMIN_PASSWORD);
  token = await admin.createAgentToken("web1");
  work = await mkdtemp(join(tmpdir(), "edgesiem-linux-agent-"));
  logFile = join(work, "auth.log");
  stateDir = join(work, "state");
});

afterAll(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("Linux agent against a live EdgeSIEM", () => {
  const first = [
    syslogLine("Accepted publickey for alice from 198.51.100.7 port 50522 ssh2: ED25519 SHA256:q9Yx"),
    syslogLine("Failed password for root from 203.0.113.9 port 52144 ssh2"),
    syslogLine("Invalid user admin from 203.0.113.9 port 52150"),
    syslogLine("Disconnected from authenticating user root 203.0.113.9 port 52144 [preauth]"),
    syslogLine("   bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx", "sudo"),
  ];

  it("ships the auth.log lines, which the server parses into users, source IPs and outcomes", async () => {
    await writeFile(logFile, first.join(""));
    const run = await runFileAgent();
    expect(run.stderr).toContain("sent 5 event(s)");
    expect(run.code).toBe(0);

    const events = await storedEvents("web1");
    const summary = events
      .map((e) => [e.action, e.outcome, e.user, e.src_ip, e.src_port])
      .sort((a, b) => String(a).localeCompare(String(b)));
    expect(summary).toEqual([
      ["ssh_disconnect", null, "root", "203.0.113.9", 52144],
      ["ssh_invalid_user", "failure", "admin", "203.0.113.9", 52150],
      ["ssh_login", "failure", "root", "203.0.113.9", 52144],
      ["ssh_login", "success", "alice", "198.51.100.7", 50522],
      ["sudo", "success", "bob", null, null],
    ]);
    // The agent stamps RFC 3164 lines with their time in the host's zone: within a minute of now.
    for (const event of events) expect(Math.abs(Date.parse(event["@timestamp"]) - Date.now())).toBeLessThan(120_000);
  });

  it("sends nothing on a second run over an unchanged log", async () => {
    const run = await runFileAgent();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("sent 0 event(s)");
    expect(await storedMessages()).toEqual(linesOf(...first));
  });

  it("leaves a half-written last line for the next run", async () => {
    const partial = syslogLine("Accepted password for carol from 192.0.2.10 port 40000 ssh2");
    await appendFile(logFile, partial.slice(0, 30));
    expect((await runFileAgent()).stderr).toContain("sent 0 event(s)");
    await appendFile(logFile, partial.slice(30));
    expect((await runFileAgent()).stderr).toContain("sent 1 event(s)");
    expect(await storedMessages()).toEqual(linesOf(...first, partial));
    first.push(partial);
  });

  it("follows a rotation: the renamed file's unread tail, then the new file from its start", async () => {
    const tail = syslogLine("Failed password for invalid user oracle from 203.0.113.50 port 41000 ssh2");
    const fresh = [
      syslogLine("Accepted password for dave from 192.0.2.20 port 41001 ssh2"),
      syslogLine("Connection closed by invalid user test 203.0.113.51 port 41002 [preauth]"),
    ];
    await appendFile(logFile, tail);
    await rename(logFile, `${logFile}.1`);
    await writeFile(logFile, fresh.join(""));

    const run = await runFileAgent();
    expect(run.stderr).toContain("sent 3 event(s)");
    first.push(tail, ...fresh);
    expect(await storedMessages()).toEqual(linesOf(...first));
    expect((await runFileAgent()).stderr).toContain("sent 0 event(s)");
  });

  it("reads a log truncated in place (copytruncate) from its start", async () => {
    await copyFile(logFile, `${logFile}.2`);
    const after = syslogLine("Accepted publickey for erin from 192.0.2.30 port 42000 ssh2");
    await writeFile(logFile, after);

    const run = await runFileAgent();
    expect(run.stderr).toContain("sent 1 event(s)");
    first.push(after);
    expect(await storedMessages()).toEqual(linesOf(...first));
  });

  it("spools while the server is unreachable and then delivers every spooled line exactly once", async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const during = [
      syslogLine("Failed password for root from 203.0.113.77 port 43000 ssh2"),
      syslogLine("Failed password for root from 203.0.113.77 port 43001 ssh2"),
    ];
    await appendFile(logFile, during[0] ?? "");
    const firstOutage = await runFileAgent(down, ["--retries", "1"]);
    expect(firstOutage.code).toBe(75);
    expect(firstOutage.stderr).toContain("spooling");
    await appendFile(logFile, during[1] ?? "");
    expect((await runFileAgent(down, ["--retries", "0"])).code).toBe(75);
    expect(await readdir(join(stateDir, "spool"))).toHaveLength(2);
    expect(await storedMessages()).toEqual(linesOf(...first));

    const after = syslogLine("Accepted password for root from 192.0.2.40 port 43002 ssh2");
    await appendFile(logFile, after);
    const back = await runFileAgent();
    expect(back.code).toBe(0);
    expect(back.stderr).toContain("sent 3 event(s)");
    expect(await readdir(join(stateDir, "spool"))).toEqual([]);
    first.push(...during, after);
    expect(await storedMessages()).toEqual(linesOf(...first));
  });

  it("stores a batch once when it is read and sent again after its answer was lost", async () => {
    const savedState = join(work, "state-before.json");
    await copyFile(join(stateDir, "state.json"), savedState);
    const line = syslogLine("Accepted publickey for frank from 192.0.2.50 port 44000 ssh2");
    await appendFile(logFile, line);
    expect((await runFileAgent()).stderr).toContain("sent 1 event(s)");
    // As if the agent died between the server's 200 and saving its position.
    await copyFile(savedState, join(stateDir, "state.json"));
    const resend = await runFileAgent();
    expect(resend.code).toBe(0);
    expect(resend.stderr).toContain("sent 1 event(s)");

    first.push(line);
    expect(await storedMessages()).toEqual(linesOf(...first));
    const frank = (await storedEvents("web1")).filter((e) => e.user === "frank");
    expect(frank).toHaveLength(1);
  });

  it("prints what it would send on --dry-run and changes no state", async () => {
    const state = await readFile(join(stateDir, "state.json"), "utf8");
    const line = syslogLine("Invalid user guest from 203.0.113.90 port 45000");
    await appendFile(logFile, line);
    const run = await runAgent(["--dry-run", "--source", "file", "--log-file", logFile, "--state-dir", stateDir]);
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).message),
    ).toEqual([line.trimEnd()]);
    expect(await readFile(join(stateDir, "state.json"), "utf8")).toBe(state);
    expect((await runFileAgent()).stderr).toContain("sent 1 event(s)");
  });

  it("stops with exit 3 and keeps its position when the token is refused", async () => {
    const state = await readFile(join(stateDir, "state.json"), "utf8");
    await appendFile(logFile, syslogLine("Accepted password for grace from 192.0.2.60 port 46000 ssh2"));
    const run = await runAgent(
      ["--url", server.url, "--source", "file", "--log-file", logFile, "--state-dir", stateDir],
      { EDGESIEM_TOKEN: "not-a-token" },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("refused the token");
    expect(await readFile(join(stateDir, "state.json"), "utf8")).toBe(state);
  });

  it("reads journald through journalctl -o json and resumes after its saved cursor", async () => {
    const journal = join(work, "journal.ndjson");
    const calls = join(work, "journalctl-calls.txt");
    const journalState = join(work, "journal-state");
    // An hour ago, whatever the date: the events list is asked for the days around now.
    const at = Math.floor(Date.now() / 1000) * 1000 - 3_600_000 + 250;
    const iso = (n: number) => new Date(at + n * 1000).toISOString();
    const entry = (n: number, message: unknown, identifier = "sshd") => ({
      __CURSOR: `s=abc;i=${n}`,
      __REALTIME_TIMESTAMP: String((at + n * 1000) * 1000),
      _HOSTNAME: "web2",
      SYSLOG_IDENTIFIER: identifier,
      _PID: String(900 + n),
      SYSLOG_FACILITY: "4",
      MESSAGE: message,
    });
    const ndjson = (...entries: unknown[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join("");
    // journald writes a message that is not valid UTF-8 as an array of bytes.
    const bytes = [...Buffer.from("Failed password for root from 203.0.113.8 port 5000 ssh2")];
    await writeFile(
      journal,
      ndjson(entry(1, "Accepted publickey for alice from 198.51.100.7 port 50522 ssh2"), entry(2, bytes)),
    );
    const env = {
      PATH: `${FAKE_JOURNALCTL_DIR}:${process.env.PATH ?? ""}`,
      FAKE_JOURNAL: journal,
      FAKE_JOURNAL_CALLS: calls,
    };
    const args = ["--url", server.url, "--source", "journald", "--state-dir", journalState, "--host", "web2"];

    expect((await runAgent(args, env)).stderr).toContain("sent 2 event(s)");
    await appendFile(journal, ndjson(entry(3, "alice : TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/usr/bin/id", "sudo")));
    expect((await runAgent(args, env)).stderr).toContain("sent 1 event(s)");

    const events = await storedEvents("web2");
    expect(events.map((e) => [e["@timestamp"], e.action, e.outcome, e.user, e.src_ip]).sort()).toEqual([
      [iso(1), "ssh_login", "success", "alice", "198.51.100.7"],
      [iso(2), "ssh_login", "failure", "root", "203.0.113.8"],
      [iso(3), "sudo", "success", "alice", null],
    ]);
    const invocations = (await readFile(calls, "utf8")).trim().split("\n");
    expect(invocations[0]).toContain("--since=-24h");
    expect(invocations[1]).toContain("--after-cursor=s=abc;i=2");
    expect(invocations[1]).toContain("SYSLOG_FACILITY=4 SYSLOG_FACILITY=10");
  });
});

describe("Linux agent configuration", () => {
  it("refuses to run without a server URL, naming the setting", async () => {
    await mkdir(work, { recursive: true });
    const run = await runAgent(["--source", "file", "--log-file", logFile, "--state-dir", stateDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("EDGESIEM_URL");
  });

  it("reads URL, token, source and host from a KEY=VALUE config file", async () => {
    const config = join(work, "agent.conf");
    await writeFile(
      config,
      [
        "# lab server",
        `EDGESIEM_URL="${server.url}"`,
        `EDGESIEM_TOKEN=${token}`,
        "EDGESIEM_SOURCE=file",
        `EDGESIEM_LOG_FILE=${logFile}`,
        "EDGESIEM_HOST=web3",
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    const run = await runAgent(["--config", config, "--state-dir", join(work, "config-state")], { EDGESIEM_TOKEN: "" });
    expect(run.code).toBe(0);
    const lines = (await readFile(logFile, "utf8")).trim().split("\n");
    expect(await storedMessages("web3")).toEqual(linesOf(...lines));
  });
});
