/** What the Import page and its Web Worker (import-worker.ts) say to each other. */
import type { ImportProgress, ImportResult } from "../../../../worker/formats/log-files/run-import.ts";

export interface PickedFile {
  /** Its path inside the dropped folder, or its name. */
  path: string;
  file: File;
}

export type ToWorker = { type: "start"; name: string; files: PickedFile[] } | { type: "cancel" };

export type FromWorker =
  | { type: "progress"; progress: ImportProgress }
  | { type: "done"; result: ImportResult }
  | { type: "failed"; message: string };
