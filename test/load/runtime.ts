/**
 * The Worker under load: wrangler bundles test/load/worker/fault-worker.ts (the production Worker
 * behind the harness's fault switch) exactly as `wrangler deploy` bundles worker/index.ts, and
 * Miniflare runs it with wrangler.toml's bindings, a local D1 persisted in a temp dir and the real
 * local queues. A restart disposes the runtime and starts a new one on the same port and state.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  convertV4MiniflareOptions,
  Log,
  LogLevel,
  Miniflare,
  type Request as MiniflareRequest,
  Response as MiniflareResponse,
} from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from "wrangler";
import { CHILD_ENV } from "../support/dev-server.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const ENTRY = "test/load/worker/fault-worker.ts";

/** The local D1 as Miniflare hands it to Node. */
export type LocalD1 = Awaited<ReturnType<Miniflare["getD1Database"]>>;

export type ControlHandler = (path: string, body: unknown) => unknown;

export interface RuntimeOptions {
  persistDir: string;
  bundleDir: string;
  port: number;
  /** Overrides wrangler.toml's max_retries of the ingest queue, so parts dead-letter within the run. */
  ingestMaxRetries: number;
  vars: Record<string, string>;
  control: ControlHandler;
  /** Receives the Worker's last log lines. */
  workerLog: string[];
}

export interface WorkerRuntime {
  readonly url: string;
  readonly ingestQueue: string;
  readonly deadLetterQueue: string | undefined;
  /** The real local D1 (not the faulty view the Worker gets), for the harness's checks. */
  db(): Promise<LocalD1>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** `wrangler deploy --dry-run` with the load entry: the same build (rules bundle, esbuild) as a deploy. */
export async function bundleWorker(outDir: string): Promise<string> {
  const output: string[] = [];
  const child: ChildProcess = spawn("npx", ["wrangler", "deploy", ENTRY, "--dry-run", "--outdir", outDir], {
    cwd: REPO_ROOT,
    env: CHILD_ENV,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  const code = await new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("exit", done);
  });
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (exit ${code}):\n${output.join("")}`);
  return join(outDir, "fault-worker.js");
}

/** Only the runtime's own errors; queue moves to the dead-letter queue are expected in this test. */
class QuietLog extends Log {
  constructor() {
    super(LogLevel.ERROR);
  }
}

const KEPT_LOG_LINES = 200;

function miniflareOptions(options: RuntimeOptions, script: string) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(REPO_ROOT, "wrangler.toml"));
  // The UI is not under test (its build may not exist); the bundle is one module, so no module rules.
  const { assets: _assets, modulesRules: _rules, ...bindings } = workerOptions;
  const consumers = { ...(workerOptions.queueConsumers as Record<string, Record<string, unknown>>) };
  const ingestQueue = (workerOptions.queueProducers as Record<string, { queueName: string }>).INGEST_QUEUE?.queueName;
  if (ingestQueue === undefined) throw new Error("wrangler.toml has no INGEST_QUEUE producer");
  const ingestConsumer = consumers[ingestQueue];
  if (ingestConsumer === undefined) throw new Error(`wrangler.toml has no consumer of ${ingestQueue}`);
  consumers[ingestQueue] = { ...ingestConsumer, maxRetries: options.ingestMaxRetries };
  const control = async (request: MiniflareRequest): Promise<MiniflareResponse> => {
    const body = (await request.json()) as unknown;
    const answer = options.control(new URL(request.url).pathname, body);
    return new MiniflareResponse(JSON.stringify(answer ?? {}), { headers: { "content-type": "application/json" } });
  };
  return {
    ingestQueue,
    deadLetterQueue: ingestConsumer.deadLetterQueue as string | undefined,
    config: {
      host: "127.0.0.1",
      port: options.port,
      log: new QuietLog(),
      // The Worker logs every injected failure; kept for a failure report instead of printed.
      handleStructuredLogs: (entry: { level: string; message: string }) => {
        options.workerLog.push(`${entry.level}: ${entry.message}`);
        if (options.workerLog.length > KEPT_LOG_LINES) options.workerLog.shift();
      },
      resourcePersistencePath: options.persistDir,
      telemetry: { enabled: false },
      // The test machines have no network: no request.cf download.
      cf: false,
      workers: [
        {
          ...bindings,
          name: "edgesiem",
          rootPath: dirname(script),
          modules: true,
          scriptPath: script,
          cronTriggers: [],
          bindings: { ...(workerOptions.bindings ?? {}), ...options.vars },
          queueConsumers: consumers,
          serviceBindings: { ...(workerOptions.serviceBindings ?? {}), LOAD_CONTROL: control },
        },
      ],
    },
  };
}

async function applyMigrations(db: LocalD1): Promise<void> {
  const dir = join(REPO_ROOT, "migrations");
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  for (const file of files) {
    const statements = unstable_splitSqlQuery(await readFile(join(dir, file), "utf8"));
    await db.batch(statements.map((sql) => db.prepare(sql)));
  }
}

export async function startRuntime(options: RuntimeOptions): Promise<WorkerRuntime> {
  const script = await bundleWorker(options.bundleDir);
  const { ingestQueue, deadLetterQueue } = miniflareOptions(options, script);
  const start = async () => {
    // Fresh options for every instance: Miniflare keeps hold of the ones it was given.
    const { config } = miniflareOptions(options, script);
    // wrangler describes the Worker in Miniflare's v4 option shape; Miniflare 5 converts it.
    const mf = new Miniflare(convertV4MiniflareOptions(config as Parameters<typeof convertV4MiniflareOptions>[0]));
    await mf.ready;
    return mf;
  };
  let mf = await start();
  await applyMigrations(await mf.getD1Database("DB"));
  return {
    url: `http://127.0.0.1:${options.port}`,
    ingestQueue,
    deadLetterQueue,
    db: () => mf.getD1Database("DB"),
    async restart() {
      await mf.dispose();
      mf = await start();
    },
    stop: () => mf.dispose(),
  };
}
