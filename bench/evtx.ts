/**
 * EVTX reading speed over the whole attack-sample folder (../shared/corpus/evtx-attack-samples):
 * worker/formats/evtx's readEvtx in this process, one thread, after a warm-up pass; and, as the
 * baselines of the same run, the two independent readers on the same files, one process per file
 * as they are used: libevtx's `evtxexport -f xml` (Debian libevtx-utils) and python-evtx's
 * `evtx_dump.py` (Debian python3-evtx). A reader that is not installed is reported as absent.
 *
 * Ours is timed twice: building the event objects (what the import uses), and also writing each
 * one as JSON text, the closest match to the baselines, which write XML text to a pipe.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ATTACK_SAMPLES } from "../test/unit/formats/evtx/support/corpus.ts";
import { readEvtx } from "../worker/formats/evtx/read-evtx.ts";
import { type BenchConfig, percentile, perSecond, progress, round } from "./measure.ts";

const PASSES = 3;
const EVTXEXPORT = "/usr/bin/evtxexport";
const EVTX_DUMP = "/usr/bin/evtx_dump.py";
const END_OF_EVENT = Buffer.from("</Event>");

interface Sample {
  path: string;
  bytes: Uint8Array;
}

interface Rate {
  ms: number;
  mb_per_s: number;
  records: number;
  records_per_s: number;
}

function rate(ms: number, bytes: number, records: number): Rate {
  return {
    ms: round(ms),
    mb_per_s: round(perSecond(bytes, ms) / 1e6, 1),
    records,
    records_per_s: round(perSecond(records, ms)),
  };
}

function oursOnce(samples: readonly Sample[], asText: boolean): { ms: number; records: number; problems: number } {
  let records = 0;
  let problems = 0;
  let textLength = 0;
  const started = performance.now();
  for (const { bytes } of samples) {
    const result = readEvtx(bytes);
    records += result.records.length;
    problems += result.problems.length;
    if (asText) for (const record of result.records) textLength += JSON.stringify(record.event).length;
  }
  const ms = performance.now() - started;
  if (asText && textLength === 0) throw new Error("the attack samples rendered to no JSON text");
  return { ms, records, problems };
}

function ours(samples: readonly Sample[], bytes: number, asText: boolean): Rate & { problems: number } {
  oursOnce(samples, asText);
  const runs = Array.from({ length: PASSES }, () => oursOnce(samples, asText));
  const ms = percentile(
    runs.map((run) => run.ms),
    50,
  );
  const last = runs[runs.length - 1] as { records: number; problems: number };
  return { ...rate(ms, bytes, last.records), problems: last.problems };
}

function countEvents(output: Buffer): number {
  let count = 0;
  for (let at = output.indexOf(END_OF_EVENT); at >= 0; at = output.indexOf(END_OF_EVENT, at + 1)) count++;
  return count;
}

/** One run of an external reader over every file, its XML read from a pipe and its events counted. */
function external(command: string, args: readonly string[], samples: readonly Sample[], bytes: number) {
  if (!existsSync(command)) return { absent: true, command };
  let records = 0;
  const started = performance.now();
  for (const { path } of samples) {
    const result = spawnSync(command, [...args, path], { maxBuffer: 1 << 30 });
    if (result.error) throw result.error;
    records += countEvents(result.stdout);
  }
  return { command: [command, ...args].join(" "), ...rate(performance.now() - started, bytes, records) };
}

function ratio(ourRate: Rate, theirs: ReturnType<typeof external>): number | null {
  return "mb_per_s" in theirs && theirs.mb_per_s > 0 ? round(ourRate.mb_per_s / theirs.mb_per_s, 1) : null;
}

export async function evtxBench(_config: BenchConfig) {
  const samples = readdirSync(ATTACK_SAMPLES, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".evtx"))
    .sort()
    .map((path) => ({
      path: join(ATTACK_SAMPLES, path),
      bytes: new Uint8Array(readFileSync(join(ATTACK_SAMPLES, path))),
    }));
  const bytes = samples.reduce((sum, sample) => sum + sample.bytes.length, 0);
  progress(`${samples.length} files, ${round(bytes / 1e6, 1)} MB`);

  const cold = oursOnce(samples, false);
  const objects = ours(samples, bytes, false);
  const text = ours(samples, bytes, true);
  progress(`ours ${objects.mb_per_s} MB/s (${text.mb_per_s} MB/s with JSON text)`);
  const evtxexport = external(EVTXEXPORT, ["-f", "xml"], samples, bytes);
  progress(`evtxexport ${"mb_per_s" in evtxexport ? `${evtxexport.mb_per_s} MB/s` : "absent"}`);
  const pythonEvtx = external(EVTX_DUMP, [], samples, bytes);
  progress(`python-evtx ${"mb_per_s" in pythonEvtx ? `${pythonEvtx.mb_per_s} MB/s` : "absent"}`);

  return {
    bench: "evtx",
    files: samples.length,
    bytes,
    ours: objects,
    ours_first_pass: { ms: round(cold.ms), mb_per_s: round(perSecond(bytes, cold.ms) / 1e6, 1) },
    ours_with_json_text: text,
    evtxexport,
    python_evtx: pythonEvtx,
    ratio_ours_to_evtxexport: ratio(objects, evtxexport),
    ratio_ours_json_text_to_evtxexport: ratio(text, evtxexport),
    ratio_ours_to_python_evtx: ratio(objects, pythonEvtx),
    notes:
      "MB/s over the files' bytes, wall-clock. Ours is the median of 3 passes after a warm-up, in this process " +
      "on one thread; ours_first_pass is the very first pass, before the JIT has compiled the reader, as a " +
      "one-off import runs. Each baseline runs once, a process per file, writing XML to a pipe. Records are as each " +
      "reader counts them (ours reads one more: a record in a chunk the file cuts short, which the baselines " +
      "skip). Ratios are ours over theirs (above 1: ours is faster).",
  };
}
