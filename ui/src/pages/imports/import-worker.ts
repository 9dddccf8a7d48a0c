/**
 * The Import page's Web Worker: reads the dropped files (EVTX, JSON, Zeek, syslog, zip and gz),
 * sends their records to the imports API with the page's session cookie, and reports progress,
 * off the page's thread so a large folder never freezes it. A cancel stops it between batches.
 */
import { httpTransport } from "../../../../worker/formats/log-files/http-transport.ts";
import { runImport } from "../../../../worker/formats/log-files/run-import.ts";
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from "../../../../worker/ingest/limits.ts";
import type { FromWorker, ToWorker } from "./import-messages";

const stop = new AbortController();
const say = (message: FromWorker) => postMessage(message);

async function start(name: string, files: { path: string; file: File }[]): Promise<void> {
  try {
    const result = await runImport(
      files.map(({ path, file }) => ({
        name: path,
        size: file.size,
        read: async () => new Uint8Array(await file.arrayBuffer()),
      })),
      httpTransport({ endpoint: "/api/v1/imports" }),
      {
        name,
        limits: { maxEvents: Math.min(MAX_EVENTS_PER_BATCH, 2000), maxBodyBytes: MAX_BODY_BYTES },
        signal: stop.signal,
        onProgress: (progress) => say({ type: "progress", progress }),
      },
    );
    say({ type: "done", result });
  } catch (error) {
    say({ type: "failed", message: (error as Error).message });
  }
}

addEventListener("message", (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "cancel") stop.abort();
  else void start(message.name, message.files);
});
