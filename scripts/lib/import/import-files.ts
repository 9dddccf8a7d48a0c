/**
 * The import command's run: the shared import (worker/formats/log-files/run-import.ts) over HTTP
 * with the agent token, a progress bar on a terminal, and Ctrl-C stopping it between batches
 * (the import is then finished as cancelled; running the command again resumes it).
 */
import { SingleBar } from "cli-progress";
import { httpTransport } from "../../../worker/formats/log-files/http-transport.ts";
import {
  type ImportProgress,
  type ImportResult,
  type InputFile,
  runImport,
} from "../../../worker/formats/log-files/run-import.ts";
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from "../../../worker/ingest/limits.ts";

export interface ImportCommand {
  url: string;
  token: string;
  name: string;
  progress: boolean;
}

const MB = 1024 * 1024;

function progressBar(): { update(p: ImportProgress): void; stop(): void } {
  const started = Date.now();
  const bar = new SingleBar({
    format:
      "{bar} {percentage}% | files {filesDone}/{filesTotal} | {records} records | {mb}/{mbTotal} MB | {rate} MB/s | ETA {eta_formatted} | {file}",
    hideCursor: true,
    etaBuffer: 20,
  });
  let begun = false;
  return {
    update(p) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const payload = {
        filesDone: p.filesDone,
        filesTotal: p.filesTotal,
        records: p.records.toLocaleString("en"),
        mb: (p.bytesDone / MB).toFixed(1),
        mbTotal: (p.bytesTotal / MB).toFixed(1),
        rate: (p.bytesDone / MB / seconds).toFixed(1),
        file: p.file.length > 40 ? `…${p.file.slice(-39)}` : p.file,
      };
      if (!begun) {
        bar.start(Math.max(p.bytesTotal, 1), p.bytesDone, payload);
        begun = true;
      } else {
        bar.update(p.bytesDone, payload);
      }
    },
    stop: () => bar.stop(),
  };
}

export async function importLogFiles(files: InputFile[], command: ImportCommand): Promise<ImportResult> {
  const stop = new AbortController();
  const onInterrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    console.error("\nstopping after the batches in flight (Ctrl-C again to quit now)...");
    stop.abort();
  };
  process.on("SIGINT", onInterrupt);
  const bar = command.progress ? progressBar() : null;
  try {
    return await runImport(
      files,
      httpTransport({
        endpoint: `${command.url}/api/v1/ingest/imports`,
        headers: { authorization: `Bearer ${command.token}` },
      }),
      {
        name: command.name,
        limits: { maxEvents: Math.min(MAX_EVENTS_PER_BATCH, 2000), maxBodyBytes: MAX_BODY_BYTES },
        signal: stop.signal,
        onProgress: bar ? (p) => bar.update(p) : undefined,
      },
    );
  } finally {
    bar?.stop();
    process.off("SIGINT", onInterrupt);
  }
}
