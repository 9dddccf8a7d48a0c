/**
 * A live local EdgeSIEM (`wrangler dev` with a fresh local D1) for tests that drive it from outside,
 * as a browser or an agent would. It reads nothing from the developer's `.dev.vars` or `.env`, so a
 * test sees the same Worker on every machine and in CI.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface DevServer {
  url: string;
  persistDir: string;
  stop(): Promise<void>;
  logs(): string;
}

export interface DevServerOptions {
  /** Worker variables, on top of (and overriding) wrangler.toml's and the generated secrets. */
  vars?: Record<string, string>;
  /** Reuse a persist dir (its D1 state); otherwise a temporary one is made and removed by stop(). */
  persistDir?: string;
}

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;

// Non-interactive wrangler that phones nowhere: the test machines have no network but the registries.
export const CHILD_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};
delete CHILD_ENV.CLOUDFLARE_INCLUDE_PROCESS_ENV;

export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const ownsPersistDir = opts.persistDir === undefined;
  const persistDir = opts.persistDir ?? (await mkdtemp(join(tmpdir(), "edgesiem-dev-")));
  const output: string[] = [];
  const logs = () => output.join("");

  await mkdir(persistDir, { recursive: true });
  // With --env-file given, wrangler skips .dev.vars; an empty file keeps the developer's out.
  const envFile = join(persistDir, "empty.env");
  await writeFile(envFile, "");

  const vars: Record<string, string> = {
    JWT_SECRET: randomBytes(32).toString("hex"),
    ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    ...opts.vars,
  };

  try {
    await migrate(persistDir, envFile, output);
  } catch (error) {
    if (ownsPersistDir) await rm(persistDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${logs()}`);
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnNpx(
    [
      "wrangler",
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistDir,
      "--env-file",
      envFile,
      "--show-interactive-dev-session=false",
      "--live-reload=false",
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    output,
  );

  const stop = async () => {
    await killGroup(child);
    if (ownsPersistDir) await rm(persistDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${logs()}`);
  }
  return { url, persistDir, stop, logs };
}

/**
 * Set by the node project's global setup (test/support/d1-template.ts): a persist dir migrated once
 * per test run. A fresh server copies it instead of running `wrangler d1 migrations apply`, which
 * costs seconds per server and is the same work every time.
 */
export const D1_TEMPLATE_ENV = "EDGESIEM_TEST_D1_TEMPLATE";

/** Brings the local D1 under `persistDir` to the latest migration. */
export async function migrate(persistDir: string, envFile: string, output: string[]): Promise<void> {
  const template = process.env[D1_TEMPLATE_ENV];
  const fresh = !(await readdir(persistDir)).includes("v3");
  if (template && fresh) {
    await cp(join(template, "v3"), join(persistDir, "v3"), { recursive: true });
    return;
  }
  await run(
    ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir, "--env-file", envFile],
    output,
  );
}

function spawnNpx(args: string[], output: string[]): ChildProcess {
  // detached: the child leads its own process group, so stop() also reaches workerd and esbuild.
  const child = spawn("npx", args, {
    cwd: REPO_ROOT,
    env: CHILD_ENV,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  return child;
}

function run(args: string[], output: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnNpx(args, output);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`npx ${args.slice(0, 4).join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited before it was ready (${child.signalCode ?? `exit ${child.exitCode}`})`);
    }
    // After a failed build wrangler dev waits for a source change; a test cannot wait for that.
    if (output.some((chunk) => chunk.includes("Build failed"))) {
      throw new Error("wrangler dev could not build the Worker");
    }
    try {
      const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`wrangler dev did not answer GET /api/v1/health with 200 within ${READY_TIMEOUT_MS / 1000} s`);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  signalGroup(pid, "SIGTERM");
  const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
  // The leader can exit before the rest of its group; nothing of it may outlive the test.
  signalGroup(pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolvePromise(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}
