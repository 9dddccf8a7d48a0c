/**
 * Running one import in the browser: the picked files go to the Web Worker (import-worker.ts),
 * which reads and sends them; this shows its progress (files, records, MB, rate, time left), the
 * cancel button, and at the end the per-file summary with links to the import's events and alerts.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ImportProgress, ImportResult } from "../../../../worker/formats/log-files/run-import.ts";
import { importAlertsHref, importEventsHref, importsApi } from "../../api/imports";
import { Link } from "../../components/Link";
import { ImportSummary } from "./ImportSummary";
import type { FromWorker, PickedFile, ToWorker } from "./import-messages";

const MB = 1024 * 1024;

function timeLeft(progress: ImportProgress, seconds: number): string {
  if (progress.bytesDone === 0 || seconds < 1) return "…";
  const left = ((progress.bytesTotal - progress.bytesDone) / progress.bytesDone) * seconds;
  return left < 60 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`;
}

export function ImportRun({ name, files, onFinished }: { name: string; files: PickedFile[]; onFinished: () => void }) {
  const worker = useRef<Worker | null>(null);
  const started = useRef(Date.now());
  const [progress, setProgress] = useState<ImportProgress>();
  const [result, setResult] = useState<ImportResult>();
  const [failure, setFailure] = useState<string>();
  const [span, setSpan] = useState<{ first: string | null; last: string | null }>({ first: null, last: null });
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    const running = new Worker(new URL("./import-worker.ts", import.meta.url), { type: "module" });
    worker.current = running;
    running.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === "progress") setProgress(message.progress);
      else if (message.type === "failed") setFailure(message.message);
      else {
        setResult(message.result);
        void importsApi
          .get(message.result.importId)
          .then((answer) => setSpan({ first: answer.import.first_event_at, last: answer.import.last_event_at }));
      }
      if (message.type !== "progress") onFinished();
    };
    const start: ToWorker = { type: "start", name, files };
    running.postMessage(start);
    return () => running.terminate();
  }, []);

  const cancel = () => {
    setCancelling(true);
    const message: ToWorker = { type: "cancel" };
    worker.current?.postMessage(message);
  };

  if (failure) {
    return (
      <div class="error error-banner" role="alert">
        The import stopped: {failure}
      </div>
    );
  }
  if (result) {
    return (
      <section class="import-result" aria-label="Import summary">
        <p role="status">
          {result.cancelled ? "Import cancelled" : "Import done"}
          {result.resumed ? " (it continued an earlier import of the same files)" : ""}.{" "}
          <Link href={importEventsHref(result.importId, span.first, span.last)}>Its events</Link> ·{" "}
          <Link href={importAlertsHref(result.importId, span.first, span.last)}>Its alerts</Link>
        </p>
        <ImportSummary files={result.files} />
      </section>
    );
  }
  const seconds = (Date.now() - started.current) / 1000;
  const p = progress;
  return (
    <section class="import-progress" aria-label="Import progress">
      <progress max={p?.bytesTotal || 1} value={p?.bytesDone ?? 0} aria-label="Bytes imported" />
      <p class="muted" role="status" aria-live="polite">
        {p
          ? `Files ${p.filesDone}/${p.filesTotal} · ${p.records.toLocaleString()} records · ${p.stored.toLocaleString()} stored · ${(p.bytesDone / MB).toFixed(1)}/${(p.bytesTotal / MB).toFixed(1)} MB · ${(p.bytesDone / MB / Math.max(seconds, 0.001)).toFixed(1)} MB/s · ${timeLeft(p, seconds)} left`
          : "Starting…"}
      </p>
      {p?.file && <p class="muted mono import-current">{p.file}</p>}
      <button type="button" class="button" onClick={cancel} disabled={cancelling}>
        {cancelling ? "Cancelling…" : "Cancel"}
      </button>
    </section>
  );
}
