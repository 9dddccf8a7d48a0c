import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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

/** Whether the process is still running (signal 0 only asks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readEntry(path: string): Promise<Output | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Output;
  } catch {
    return undefined;
  }
}

/** The pid in an entry's claim file, while that process still runs. */
async function claimant(path: string): Promise<number | undefined> {
  const pid = Number(await readFile(`${path}.claim`, "utf8").catch(() => ""));
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/**
 * The entry once the process that claimed it (`npm test`'s warm-up, scripts/evtx-reference-warm.ts)
 * has written it; undefined when no live process claims it or the claimant ended without writing it.
 */
async function claimedEntry(path: string): Promise<Output | undefined> {
  while ((await claimant(path)) !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const entry = await readEntry(path);
    if (entry) return entry;
  }
  return readEntry(path);
}

/** A reference reader's command line, and the Debian package whose version its output depends on. */
interface ReferenceCommand {
  debianPackage: string;
  command: string;
  args(file: string): string[];
}

const PYTHON_EVTX_COMMAND: ReferenceCommand = {
  debianPackage: "python3-evtx",
  command: "evtx_dump.py",
  args: (file) => [file],
};

const EVTXEXPORT_COMMAND: ReferenceCommand = {
  debianPackage: "libevtx-utils",
  command: "evtxexport",
  args: (file) => ["-f", "xml", file],
};

async function cachedRun(reference: ReferenceCommand, file: string): Promise<Output> {
  const { debianPackage, command } = reference;
  const args = reference.args(file);
  const version = (await referenceReaderVersions())[debianPackage];
  if (CACHE === "off" || !version) return run(command, args);
  const digest = createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
  const folder = join(CACHE, `${debianPackage}_${version}`);
  const path = join(folder, `${digest}.json`);
  const entry = (await readEntry(path)) ?? (await claimedEntry(path));
  if (entry) return entry;
  await mkdir(folder, { recursive: true });
  // Claimed first, so a second process reading the same file waits for this output instead of redoing it.
  await writeFile(`${path}.claim`, String(process.pid));
  try {
    const output = await run(command, args);
    // A reader ended by a signal (a stopped run) said nothing about the file.
    if (output.status === null) return output;
    // Written whole under another name first, so a run stopped half-way leaves no half an entry.
    await writeFile(`${path}.${process.pid}`, JSON.stringify(output));
    await rename(`${path}.${process.pid}`, path);
    return output;
  } finally {
    await rm(`${path}.claim`, { force: true });
  }
}

/**
 * Runs both reference readers on the file and keeps their output, without parsing it: what the
 * warm-up needs, so the comparison that comes later finds every entry made.
 */
export async function cacheReferenceOutputs(file: string): Promise<void> {
  await Promise.all([cachedRun(PYTHON_EVTX_COMMAND, file), cachedRun(EVTXEXPORT_COMMAND, file)]);
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
  readerRun(await cachedRun(PYTHON_EVTX_COMMAND, file), {
    fragment: false,
    indentsEmptyElements: false,
  });

/**
 * Debian's libevtx-utils (Joachim Metz's libevtx): `evtxexport -f xml` writes a version line and then
 * the records' `Event` elements one after another, so its output is parsed as a fragment.
 */
export const readWithEvtxexport: EvtxReader = async (file) =>
  readerRun(await cachedRun(EVTXEXPORT_COMMAND, file), {
    fragment: true,
    indentsEmptyElements: false,
  });

/** The independent readers that the repo's own EVTX parser is checked against. */
export const referenceReaders = {
  "python-evtx": readWithPythonEvtx,
  evtxexport: readWithEvtxexport,
} satisfies Record<string, EvtxReader>;
