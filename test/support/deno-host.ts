/**
 * A live EdgeSIEM on Deno (`deno task start`, deno-host/) on a temporary SQLite file and a free
 * port, for tests that drive it over HTTP the way test/support/dev-server.ts drives wrangler dev.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface DenoHost {
  url: string;
  dataDir: string;
  sqlitePath: string;
  adminPassword: string;
  stop(): Promise<void>;
  logs(): string;
}

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const READY_TIMEOUT_MS = 60_000;

export async function startDenoHost(vars: Record<string, string> = {}): Promise<DenoHost> {
  const dataDir = await mkdtemp(join(tmpdir(), "edgesiem-deno-"));
  const sqlitePath = join(dataDir, "edgesiem.sqlite");
  const devVars = join(dataDir, ".dev.vars");
  const adminPassword = randomBytes(12).toString("base64url");
  const all = { JWT_SECRET: randomBytes(32).toString("hex"), ADMIN_PASSWORD: adminPassword, ...vars };
  await writeFile(
    devVars,
    Object.entries(all)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(""),
  );
  const port = await freePort();
  const output: string[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.JWT_SECRET;
  delete env.ADMIN_PASSWORD;
  const child = spawn(
    "npx",
    ["deno", "task", "start", "--sqlite", sqlitePath, "--port", String(port), "--dev-vars", devVars],
    { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!output.join("").includes("EdgeSIEM is running at")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`deno task start did not come up:\n${output.join("")}`);
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return { url, dataDir, sqlitePath, adminPassword, stop, logs: () => output.join("") };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? done(address.port) : reject(new Error("no port"))));
    });
  });
}
