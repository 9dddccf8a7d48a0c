import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NormalisedRecord, normalisedRecord } from "./evtx-fields.ts";
import { eventElements, parseXml, type XmlOutputShape } from "./evtx-xml.ts";

/** What one reader made of one file: its records, and what went wrong on the way (exit status, bad XML). */
export interface ReaderRun {
  records: NormalisedRecord[];
  problems: string[];
}

export type EvtxReader = (file: string) => Promise<ReaderRun>;

/** The machine has two cores; the readers are CPU-bound, so more processes at once only queue. */
const PROCESS_SLOTS = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function inProcessSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PROCESS_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

interface Output {
  stdout: string;
  stderr: string;
  status: number | null;
}

function run(command: string, args: string[]): Promise<Output> {
  return inProcessSlot(
    () =>
      new Promise<Output>((resolve, reject) => {
        const child = spawn(command, args, {
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, LC_ALL: "C.UTF-8" },
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
        child.on("error", (error) =>
          reject(new Error(`${command} could not run (${error.message}): run scripts/ensure-evtx-readers.sh`)),
        );
        child.on("close", (status) =>
          resolve({
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8"),
            status,
          }),
        );
      }),
  );
}

/**
 * The readers' raw output is kept by the SHA-256 of the file and the reader's Debian package version,
 * the only things it depends on (the environment is fixed above), so a second comparison costs the
 * parsing only: python-evtx needs minutes of CPU for the corpus. What is compared is parsed afresh
 * from that output on every run. EVTX_READER_CACHE names another folder, or "off".
 */
const CACHE = process.env.EVTX_READER_CACHE ?? join(tmpdir(), "edgesiem-evtx-readers");

let versions: Promise<Record<string, string>> | undefined;

/** The Debian package versions of the reference readers, for a report to name what it compared. */
export function referenceReaderVersions(): Promise<Record<string, string>> {
  // dpkg-query -W writes "package<TAB>version" lines; a package that is not installed has no version.
  versions ??= run("dpkg-query", ["-W", "python3-evtx", "libevtx-utils"]).then((output) =>
    Object.fromEntries(
      output.stdout
        .split("\n")
        .map((line) => line.split("\t"))
        .filter((parts): parts is [string, string] => parts.length === 2 && parts[1] !== ""),
    ),
  );
  return versions;
}

async function cachedRun(debianPackage: string, command: string, args: string[], file: string): Promise<Output> {
  const version = (await referenceReaderVersions())[debianPackage];
  if (CACHE === "off" || !version) return run(command, args);
  const digest = createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
  const folder = join(CACHE, `${debianPackage}_${version}`);
  const path = join(folder, `${digest}.json`);
  try {
    return JSON.parse(await readFile(path, "utf8")) as Output;
  } catch {
    const output = await run(command, args);
    // A reader ended by a signal (a stopped run) said nothing about the file.
    if (output.status === null) return output;
    await mkdir(folder, { recursive: true });
    // Written whole under another name first, so a run stopped half-way leaves no half an entry.
    await writeFile(`${path}.${process.pid}`, JSON.stringify(output));
    await rename(`${path}.${process.pid}`, path);
    return output;
  }
}

/** Each distinct complaint once, with how often it came, so a file full of one fault stays readable. */
function tally(messages: string[]): string[] {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(message, (counts.get(message) ?? 0) + 1);
  return [...counts].map(([message, count]) => (count === 1 ? message : `${message} (${count} times)`));
}

function readerRun(output: Output, shape: XmlOutputShape): ReaderRun {
  const parsed = parseXml(output.stdout, shape);
  const problems = tally(parsed.errors.map((error) => `XML: ${error}`));
  if (output.status !== 0) {
    const lastLine = output.stderr.trim().split("\n").at(-1) ?? "";
    problems.unshift(`exit status ${output.status}: ${lastLine}`);
  }
  return { records: eventElements(parsed.roots).map(normalisedRecord), problems };
}

/** Debian's python3-evtx (Willi Ballenthin's python-evtx): its dump script writes one XML document. */
export const readWithPythonEvtx: EvtxReader = async (file) =>
  readerRun(await cachedRun("python3-evtx", "evtx_dump.py", [file], file), {
    fragment: false,
    indentsEmptyElements: false,
  });

/**
 * Debian's libevtx-utils (Joachim Metz's libevtx): `evtxexport -f xml` writes a version line and then
 * the records' `Event` elements one after another, so its output is parsed as a fragment.
 */
export const readWithEvtxexport: EvtxReader = async (file) =>
  readerRun(await cachedRun("libevtx-utils", "evtxexport", ["-f", "xml", file], file), {
    fragment: true,
    indentsEmptyElements: false,
  });

/** The independent readers that the repo's own EVTX parser is checked against. */
export const referenceReaders = {
  "python-evtx": readWithPythonEvtx,
  evtxexport: readWithEvtxexport,
} satisfies Record<string, EvtxReader>;
