/**
 * One import from start to summary, the same for the import command and the dashboard's Import
 * page: the files are unpacked and read, their records sent in deterministic batches through the
 * caller's transport (which does the HTTP), and the answers added up per file. The caller sees
 * progress after every batch and may stop it between batches; a stopped import is finished as
 * cancelled with what it sent so far, and running it again resumes it.
 */
import type { ImportFileSummary, ImportReason } from "../../model/wire/imports.ts";
import { type ArchiveProblem, expandArchives, type LogFile } from "./archives.ts";
import { BatchBuilder, type BatchLimits, contentKey, type ImportBatch, importKey } from "./batches.ts";
import { readLogRecords } from "./read-records.ts";

/** A file the analyst named, read only when its turn comes. */
export interface InputFile {
  name: string;
  size: number;
  read(): Promise<Uint8Array>;
}

/** What the ingest answered for one batch (the ingest API's answer, 200, 202 or 400). */
export interface BatchAnswer {
  accepted: number;
  rejected: { index: number; error: string }[];
  status: "stored" | "queued" | "duplicate" | "rejected";
  alerts: number;
}

export interface ImportTransport {
  start(name: string, key: string): Promise<{ id: string; resumed: boolean }>;
  /** Throws a RetryableError for a failure worth retrying (network, 429, 5xx), any other to stop. */
  batch(importId: string, batch: ImportBatch): Promise<BatchAnswer>;
  finish(importId: string, status: "done" | "cancelled", files: ImportFileSummary[]): Promise<void>;
}

export class RetryableError extends Error {}

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  records: number;
  stored: number;
  rejected: number;
  alerts: number;
  file: string;
}

export interface ImportOptions {
  name: string;
  limits: BatchLimits;
  onProgress?: (progress: ImportProgress) => void;
  /** Checked between batches. */
  signal?: AbortSignal;
  /** Waits between retries; the tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ImportResult {
  importId: string;
  resumed: boolean;
  cancelled: boolean;
  files: ImportFileSummary[];
}

const RETRIES = 6;
const MAX_REASONS = 20;
const MAX_PROBLEMS = 20;
/** Batches in flight at once: the next is read while the server stores the last. */
const IN_FLIGHT = 2;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class FileTally {
  readonly summary: ImportFileSummary;
  private readonly reasons = new Map<string, number>();

  constructor(name: string, bytes: number) {
    this.summary = {
      file: name,
      format: "unknown",
      bytes,
      records: 0,
      stored: 0,
      rejected: 0,
      reasons: [],
      alerts: 0,
      problems: [],
    };
  }

  problem(text: string): void {
    if (this.summary.problems.length < MAX_PROBLEMS) this.summary.problems.push(text);
  }

  answer(answer: BatchAnswer): void {
    this.summary.stored += answer.accepted;
    this.summary.rejected += answer.rejected.length;
    this.summary.alerts += answer.alerts;
    for (const rejection of answer.rejected) {
      this.reasons.set(rejection.error, (this.reasons.get(rejection.error) ?? 0) + 1);
    }
  }

  done(): ImportFileSummary {
    const reasons: ImportReason[] = [...this.reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .slice(0, MAX_REASONS);
    return { ...this.summary, reasons };
  }
}

async function sendWithRetries(
  transport: ImportTransport,
  importId: string,
  batch: ImportBatch,
  sleep: (ms: number) => Promise<void>,
): Promise<BatchAnswer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await transport.batch(importId, batch);
    } catch (error) {
      if (!(error instanceof RetryableError) || attempt >= RETRIES) throw error;
      await sleep(Math.min(250 * 2 ** attempt, 8000));
    }
  }
}

/** The files' keys, read once up front: they name the import, so a rerun finds it. */
async function keysOf(files: readonly InputFile[]): Promise<string[]> {
  const keys: string[] = [];
  for (const file of files) keys.push(await contentKey(await file.read()));
  return keys;
}

export async function runImport(
  files: readonly InputFile[],
  transport: ImportTransport,
  options: ImportOptions,
): Promise<ImportResult> {
  const sleep = options.sleep ?? defaultSleep;
  const started = await transport.start(options.name, await importKey(await keysOf(files)));
  const progress: ImportProgress = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal: files.reduce((sum, file) => sum + file.size, 0),
    records: 0,
    stored: 0,
    rejected: 0,
    alerts: 0,
    file: "",
  };
  const summaries: ImportFileSummary[] = [];
  // Two copies of one file (a folder of evidence often holds some) are two files of the import:
  // the second's batches get the copy's number, in the files' order, so a rerun names them alike.
  const copies = new Map<string, number>();
  const batchKey = async (bytes: Uint8Array) => {
    const key = await contentKey(bytes);
    const copy = copies.get(key) ?? 0;
    copies.set(key, copy + 1);
    return copy === 0 ? key : `${key}.${copy}`;
  };
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  const cancelled = () => options.signal?.aborted === true;

  const send = async (tally: FileTally, batch: ImportBatch) => {
    while (pending.size >= IN_FLIGHT) await Promise.race(pending);
    if (failure !== null) throw failure;
    const sent = sendWithRetries(transport, started.id, batch, sleep).then(
      (answer) => {
        tally.answer(answer);
        progress.stored += answer.accepted;
        progress.rejected += answer.rejected.length;
        progress.alerts += answer.alerts;
        options.onProgress?.({ ...progress });
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    const tracked = sent.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  const drain = async () => {
    await Promise.all(pending);
    if (failure !== null) throw failure;
  };

  try {
    for (const input of files) {
      if (cancelled()) break;
      progress.file = input.name;
      options.onProgress?.({ ...progress });
      const unpackProblems: ArchiveProblem[] = [];
      const logFiles: LogFile[] = expandArchives({ name: input.name, bytes: await input.read() }, unpackProblems);
      for (const problem of unpackProblems) {
        const tally = new FileTally(problem.file, 0);
        tally.problem(problem.reason);
        summaries.push(tally.done());
      }
      for (const logFile of logFiles) {
        if (cancelled()) break;
        const tally = new FileTally(logFile.name, logFile.bytes.byteLength);
        const builder = new BatchBuilder(await batchKey(logFile.bytes), options.limits);
        const read = readLogRecords(logFile.name, logFile.bytes);
        tally.summary.format = read.format;
        for (const chunk of read.chunks) {
          for (const problem of chunk.problems) tally.problem(problem);
          tally.summary.records += chunk.records.length;
          progress.records += chunk.records.length;
          for (const record of chunk.records) {
            const batch = builder.add(record);
            if (batch) await send(tally, batch);
          }
          if (cancelled()) break;
        }
        const last = builder.flush();
        if (last && !cancelled()) await send(tally, last);
        await drain();
        summaries.push(tally.done());
      }
      progress.filesDone += 1;
      progress.bytesDone += input.size;
      options.onProgress?.({ ...progress });
    }
    await drain();
  } catch (error) {
    await transport.finish(started.id, "cancelled", summaries).catch(() => undefined);
    throw error;
  }
  const status = cancelled() ? "cancelled" : "done";
  await transport.finish(started.id, status, summaries);
  return { importId: started.id, resumed: started.resumed, cancelled: status === "cancelled", files: summaries };
}
