/**
 * Debian's syslog-ng, started with the configuration README.md documents (its http() destination
 * pointed at a live EdgeSIEM), follows an auth log; the SSH lines written into it must arrive
 * parsed as SSH logon events. scripts/ensure-syslog-ng.sh installs syslog-ng for `npm test`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiClient } from "../support/ui-session.ts";

const README = resolve(import.meta.dirname, "../../README.md");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ARRIVAL_TIMEOUT_MS = 30_000;

interface StoredEvent {
  host: string;
  action: string | null;
  outcome: string | null;
  user: string | null;
  src_ip: string | null;
  src_port: number | null;
  "@timestamp": string;
}

/** The syslog-ng block of README.md, aimed at this test's server, token and log file. */
async function documentedConfig(url: string, token: string, logFile: string): Promise<string> {
  const readme = await readFile(README, "utf8");
  const block = /```conf\n(# \/etc\/syslog-ng\/conf\.d\/edgesiem\.conf\n[\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error("README.md has no syslog-ng configuration block");
  for (const placeholder of ["https://siem.example.com", "<AGENT_TOKEN>", "/var/log/auth.log"]) {
    if (!block.includes(placeholder)) throw new Error(`the README's syslog-ng block lacks ${placeholder}`);
  }
  const aimed = block
    .replaceAll("https://siem.example.com", url)
    .replaceAll("<AGENT_TOKEN>", token)
    .replaceAll("/var/log/auth.log", logFile);
  // A conf.d snippet leaves the version line to the main syslog-ng.conf; a standalone file needs it.
  return `@version: 3.38\n${aimed}`;
}

/** An auth.log line as rsyslog writes it by default: local time, no year. */
function syslogLine(message: string, program = "sshd[811]", at = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = String(at.getDate()).padStart(2, " ");
  return `${MONTHS[at.getMonth()]} ${day} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())} web1 ${program}: ${message}\n`;
}

let server: DevServer;
let admin: ApiClient;
let work: string;
let syslogNg: ChildProcess | undefined;
let syslogNgOutput = "";

async function storedEvents(): Promise<StoredEvent[]> {
  const now = Date.now();
  const { events } = await admin.call<{ events: StoredEvent[] }>(
    "GET",
    `/events?from=${now - 2 * 86_400_000}&to=${now + 2 * 86_400_000}&host=web1&dataset=linux.auth&limit=100`,
  );
  return events;
}

async function waitForEvents(count: number): Promise<StoredEvent[]> {
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  for (;;) {
    const events = await storedEvents();
    if (events.length >= count || Date.now() > deadline) return events;
    if (syslogNg?.exitCode !== null) throw new Error(`syslog-ng exited early:\n${syslogNgOutput}`);
    await new Promise((wake) => setTimeout(wake, 500));
  }
}

beforeAll(async () => {
  server = await startDevServer({ vars: { ADMIN_PASSWORD } });
  admin = await ApiClient.signIn(server.url, ADMIN_USERNAME, ADMIN_PASSWORD);
  const token = await admin.createAgentToken("web1");
  work = await mkdtemp(join(tmpdir(), "edgesiem-syslog-ng-"));
  const logFile = join(work, "auth.log");
  const config = join(work, "syslog-ng.conf");
  await writeFile(logFile, "");
  await writeFile(config, await documentedConfig(server.url, token, logFile));
  // Its own pid, control socket and persist files, no capabilities: no root, nothing of a system syslog-ng.
  syslogNg = spawn(
    "/usr/sbin/syslog-ng",
    [
      "--foreground",
      "--stderr",
      "--no-caps",
      `--cfgfile=${config}`,
      `--pidfile=${join(work, "syslog-ng.pid")}`,
      `--control=${join(work, "syslog-ng.ctl")}`,
      `--persist-file=${join(work, "syslog-ng.persist")}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  syslogNg.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    syslogNgOutput += chunk;
  });
  syslogNg.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    syslogNgOutput += chunk;
  });
});

afterAll(async () => {
  if (syslogNg && syslogNg.exitCode === null) {
    const exited = new Promise((done) => syslogNg?.once("exit", done));
    syslogNg.kill("SIGTERM");
    await exited;
  }
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("syslog-ng's http() destination with the documented configuration", () => {
  it("delivers the SSH lines of the followed auth log as parsed SSH logon events", async () => {
    const lines = [
      syslogLine("Accepted publickey for alice from 198.51.100.7 port 50522 ssh2: ED25519 SHA256:q9Yx"),
      syslogLine("Failed password for root from 203.0.113.9 port 52144 ssh2"),
      syslogLine("Invalid user admin from 203.0.113.9 port 52150"),
      syslogLine("Accepted password for bob from 192.0.2.10 port 40000 ssh2", "sshd-session[900]"),
    ];
    await appendFile(join(work, "auth.log"), lines.join(""));

    const events = await waitForEvents(lines.length);
    const summary = events
      .map((e) => [e.action, e.outcome, e.user, e.src_ip, e.src_port])
      .sort((a, b) => String(a).localeCompare(String(b)));
    expect(summary, syslogNgOutput).toEqual([
      ["ssh_invalid_user", "failure", "admin", "203.0.113.9", 52150],
      ["ssh_login", "failure", "root", "203.0.113.9", 52144],
      ["ssh_login", "success", "alice", "198.51.100.7", 50522],
      ["ssh_login", "success", "bob", "192.0.2.10", 40000],
    ]);
    // ${ISODATE} carries the year and zone the lines lack: the events are stamped at the time written.
    for (const event of events) expect(Math.abs(Date.parse(event["@timestamp"]) - Date.now())).toBeLessThan(120_000);
  });
});
