/**
 * `deno task start`: EdgeSIEM on a plain server. The same Worker (worker/index.ts) behind Deno.serve,
 * with its bindings over local files (see host.ts). Options:
 *   --sqlite PATH     the store (default .edgesiem/edgesiem.sqlite; queues and R2 live beside it)
 *   --port N          default $PORT or 8787        --hostname H   default 127.0.0.1
 *   --dev-vars PATH   local secrets (default .dev.vars; a JWT secret is generated into it if absent)
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runningBanner } from "../scripts/lib/banner.ts";
import { ensureDevVars, readDevVars } from "../scripts/lib/dev-vars.ts";
import { writeRulesBundle } from "../scripts/lib/rules-bundle.ts";
import { startHost, type WorkerHandlers } from "./host.ts";
import { hostVars } from "./vars.ts";
import { readWranglerConfig } from "./wrangler-config.ts";

declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Promise<Response>,
  ): { finished: Promise<void>; shutdown(): Promise<void> };
  addSignalListener(signal: "SIGINT" | "SIGTERM", handler: () => void): void;
  exit(code: number): never;
};

const PROJECT_DIR = resolve(import.meta.dirname, "..");

const { values } = parseArgs({
  options: {
    sqlite: { type: "string", default: join(PROJECT_DIR, ".edgesiem/edgesiem.sqlite") },
    port: { type: "string", default: process.env.PORT ?? "8787" },
    hostname: { type: "string", default: "127.0.0.1" },
    "dev-vars": { type: "string", default: join(PROJECT_DIR, ".dev.vars") },
  },
});

const config = readWranglerConfig(join(PROJECT_DIR, "wrangler.toml"));
// A JWT_SECRET from the environment wins; otherwise .dev.vars holds one, generated on the first start.
const devVars = process.env.JWT_SECRET ? readDevVars(values["dev-vars"]) : ensureDevVars(values["dev-vars"]);
const vars = hostVars(config.vars, devVars, process.env);

// What wrangler's [build] command and `npm start` prepare before the Worker runs.
writeRulesBundle();
if (config.assets && !existsSync(join(PROJECT_DIR, config.assets.directory, "index.html"))) {
  console.log("Building the UI (dist/ui) ...");
  const { build } = await import("vite");
  await build({ configFile: join(PROJECT_DIR, "ui/vite.config.ts"), logLevel: "warn" });
}

// Loaded by path so the Worker's modules are not part of this script's Node typecheck.
const workerModule = join(PROJECT_DIR, config.main);
const worker = ((await import(workerModule)) as { default: WorkerHandlers }).default;

const host = await startHost({ projectDir: PROJECT_DIR, config, worker, sqlitePath: values.sqlite, vars });
if (host.migrationsApplied.length > 0) console.log(`Applied migrations: ${host.migrationsApplied.join(", ")}`);

const port = Number(values.port);
const url = `http://${values.hostname}:${port}`;
const server = Deno.serve({ port, hostname: values.hostname, onListen: () => {} }, (request, info) =>
  host.fetch(request, info.remoteAddr.hostname),
);
// The first request runs the first-start bootstrap, which prints a generated admin password.
await host.fetch(new Request(`${url}/api/v1/health`));
console.log(`Data: ${resolve(values.sqlite)} (+ .queues.sqlite, r2/)`);
console.log(runningBanner(url, vars));

const shutdown = async () => {
  await server.shutdown();
  await host.stop();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
await server.finished;
