/**
 * "Backtest": runs rules (by id, or the text being edited) over the stored events of the last N days
 * (POST /rules/backtest), one page per request with a progress bar and cancel, and shows the alerts
 * each rule would have raised with sample events. Creates no alert.
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";
import {
  type BacktestAnswer,
  type BacktestRequest,
  type BacktestRuleResult,
  type CompileError,
  compileErrors,
  rulesApi,
} from "../../api/rules";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, LevelBadge } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { Time } from "../../components/Time";
import { eventHref } from "../alerts/links";

const DAYS = [1, 7, 30] as const;

const KIND_NAMES: Record<BacktestRuleResult["kind"], string> = {
  sigma: "Sigma",
  simple: "Simple",
  correlation: "Correlation",
};

const COLUMNS: readonly Column<BacktestRuleResult>[] = [
  {
    id: "rule",
    header: "Rule",
    cell: (r) => (
      <>
        <div>{r.title}</div>
        <div class="muted mono">{r.id}</div>
      </>
    ),
  },
  { id: "kind", header: "Kind", cell: (r) => KIND_NAMES[r.kind], width: "7rem" },
  { id: "level", header: "Level", cell: (r) => <LevelBadge level={r.level} />, width: "6.5rem" },
  { id: "alerts", header: "Alerts", cell: (r) => r.alerts.toLocaleString(), width: "5rem", class: "num" },
  { id: "events", header: "Events", cell: (r) => r.events.toLocaleString(), width: "5rem", class: "num" },
  {
    id: "suppressed",
    header: "Suppressed",
    cell: (r) => r.suppressed.toLocaleString(),
    width: "6.5rem",
    class: "num",
  },
  { id: "samples", header: "Sample events", cell: (r) => <Samples rule={r} /> },
];

function Samples({ rule }: { rule: BacktestRuleResult }) {
  if (rule.samples.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="backtest-samples">
      {rule.samples.map((sample) => (
        <li key={sample.event_id}>
          <Link href={eventHref(sample.event_id)}>#{sample.event_id}</Link> <Time value={sample.ts} />{" "}
          <span class="muted">{sample.host ?? "—"}</span>
          <div class="mono backtest-sample-summary" title={sample.summary}>
            {sample.summary}
          </div>
        </li>
      ))}
    </ul>
  );
}

interface BacktestPanelProps {
  /** What to try, as it is when the run starts. */
  request: BacktestRequest;
  /** A line above the controls, e.g. why to run it before enabling. */
  hint?: string;
  onErrors?: (errors: CompileError[]) => void;
}

export function BacktestPanel({ request, hint, onErrors }: BacktestPanelProps) {
  const id = useId();
  const [days, setDays] = useState<number>(7);
  const [running, setRunning] = useState(false);
  const [answer, setAnswer] = useState<BacktestAnswer>();
  const [cancelled, setCancelled] = useState(false);
  const [error, setError] = useState<unknown>();
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const run = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setCancelled(false);
    setError(undefined);
    setAnswer(undefined);
    try {
      let page = await rulesApi.backtest({ ...request, days }, { signal: controller.signal });
      setAnswer(page);
      onErrors?.([]);
      while (page.state !== null && !controller.signal.aborted) {
        page = await rulesApi.backtest({ ...request, state: page.state }, { signal: controller.signal });
        setAnswer(page);
      }
    } catch (failure) {
      if (!controller.signal.aborted) {
        setError(failure);
        onErrors?.(compileErrors(failure));
      }
    } finally {
      setRunning(false);
    }
  };

  const cancel = () => {
    abort.current?.abort();
    setCancelled(true);
  };

  const empty =
    request.pack === undefined &&
    (request.rules?.length ?? 0) + (request.texts?.filter((t) => t.text.trim() !== "").length ?? 0) === 0;

  return (
    <section class="panel backtest" aria-labelledby={`${id}-heading`}>
      <div class="panel-header">
        <h2 id={`${id}-heading`}>Backtest</h2>
        <div class="toolbar">
          <label for={`${id}-days`} class="muted">
            Stored events of the last
          </label>
          <select
            id={`${id}-days`}
            value={String(days)}
            onChange={(e) => setDays(Number(e.currentTarget.value))}
            disabled={running}
          >
            {DAYS.map((n) => (
              <option key={n} value={String(n)}>
                {n === 1 ? "1 day" : `${n} days`}
              </option>
            ))}
          </select>
          {running ? (
            <button type="button" class="button small" onClick={cancel}>
              Cancel
            </button>
          ) : (
            <button type="button" class="button primary small" onClick={run} disabled={empty}>
              Run backtest
            </button>
          )}
        </div>
      </div>
      {hint && <p class="muted">{hint}</p>}
      <ErrorBanner error={error} />
      {answer && (
        <>
          <div class="backtest-progress">
            <progress
              max={answer.total || 1}
              value={answer.total === 0 ? 1 : answer.scanned}
              aria-label="Events scanned"
            />
            <p class="muted" role="status">
              {answer.scanned.toLocaleString()} of {answer.total.toLocaleString()} events scanned
              {answer.done ? "" : cancelled ? " (cancelled)" : "…"}
              {answer.unreadable > 0 && `; ${answer.unreadable.toLocaleString()} could not be read`}
              {answer.approximate && "; counts are approximate (too many open alerts to remember)"}
              {request.pack !== undefined &&
                `; ${answer.rules_tried.toLocaleString()} rules tried, ${answer.rules.length.toLocaleString()} matched`}
              . From <Time value={answer.from} /> to <Time value={answer.to} />.
            </p>
          </div>
          <DataTable
            columns={COLUMNS}
            rows={answer.rules}
            rowKey={(r) => r.id}
            label="Backtest results"
            empty={request.pack === undefined ? "The rules define nothing to run." : "No rule of the pack matched."}
          />
        </>
      )}
    </section>
  );
}
