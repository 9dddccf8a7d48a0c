/**
 * `npm run bench`: runs every benchmark and prints one JSON document on stdout, each benchmark's
 * result under its own key; progress goes to stderr. Exits non-zero if any benchmark fails.
 *
 * BENCH_BATCHES sets how many batches each measured run sends (default 20), so CI can run small.
 * BENCH_UI_BATCHES sets how many batches of 1,000 events the ui bench seeds (default 100: 100k events).
 * BENCH_ONLY names the benchmarks to run (comma-separated, e.g. `detect`); all of them when unset.
 * `npm run` prints its own banner on stdout, so the document is also written to bench/out/bench.json;
 * `npm run -s bench` gives a stdout that is the document alone.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, platform, release } from "node:os";
import { join, resolve } from "node:path";
import { coverageBench } from "./coverage.ts";
import { cpuBench } from "./cpu.ts";
import { detectBench } from "./detect.ts";
import { evtxBench } from "./evtx.ts";
import { ingestBench } from "./ingest.ts";
import { type BenchConfig, progress } from "./measure.ts";
import { regexBench } from "./regex.ts";
import { ruleLoadBench } from "./rule-load.ts";
import { storageBench } from "./storage.ts";
import { uiBench } from "./ui.ts";

const OUT_DIR = resolve(import.meta.dirname, "out");

const BENCHMARKS: Record<string, (config: BenchConfig) => Promise<unknown>> = {
  ingest: ingestBench,
  detect: detectBench,
  regex: regexBench,
  ui: uiBench,
  coverage: coverageBench,
  cpu: cpuBench,
  storage: storageBench,
  evtx: evtxBench,
  "rule-load": ruleLoadBench,
};

function selectedBenchmarks(): [string, (config: BenchConfig) => Promise<unknown>][] {
  const only = process.env.BENCH_ONLY;
  if (only === undefined || only.trim() === "") return Object.entries(BENCHMARKS);
  const names = only.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !Object.hasOwn(BENCHMARKS, name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_ONLY names no benchmark '${unknown.join("', '")}'; known: ${Object.keys(BENCHMARKS).join(", ")}`,
    );
  }
  return names.map((name) => [name, BENCHMARKS[name] as (config: BenchConfig) => Promise<unknown>]);
}

function readConfig(): BenchConfig {
  const text = process.env.BENCH_BATCHES ?? "20";
  const batches = Number(text);
  if (!Number.isSafeInteger(batches) || batches < 1) {
    throw new Error(`BENCH_BATCHES must be a whole number of at least 1, not '${text}'`);
  }
  return { batches };
}

async function main(): Promise<void> {
  const config = readConfig();
  const cpu = cpus();
  const result: Record<string, unknown> = {
    machine: {
      cpus: cpu.length,
      cpu_model: cpu[0]?.model ?? "unknown",
      node: process.version,
      os: `${platform()} ${release()}`,
    },
  };
  for (const [name, run] of selectedBenchmarks()) {
    progress(`== ${name}`);
    result[name] = await run(config);
  }
  const document = `${JSON.stringify(result, null, 2)}\n`;
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(join(OUT_DIR, "bench.json"), document);
  progress(`written to ${join(OUT_DIR, "bench.json")}`);
  process.stdout.write(document);
}

try {
  await main();
} catch (error) {
  progress(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
