/**
 * "Test against recent events": runs the text in the editor over the newest stored events
 * (POST /rules/test) and shows what it would have matched. Creates no alert.
 */
import { useId, useState } from "preact/hooks";
import {
  type CompileError,
  compileErrors,
  type RuleKind,
  type RuleTestMatch,
  type RuleTestResult,
  rulesApi,
} from "../../api/rules";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, LevelBadge } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { Time } from "../../components/Time";
import { eventHref } from "../alerts/links";

const LIMITS = [100, 1000, 5000, 10_000] as const;

const COLUMNS: readonly Column<RuleTestMatch>[] = [
  {
    id: "event",
    header: "Event",
    cell: (m) => <Link href={eventHref(m.event_id)}>#{m.event_id}</Link>,
    width: "4.5rem",
  },
  { id: "ts", header: "Time", cell: (m) => <Time value={m.ts} />, width: "10.5rem" },
  { id: "host", header: "Host", cell: (m) => m.host ?? <span class="muted">—</span>, width: "7rem" },
  {
    id: "dataset",
    header: "Dataset",
    cell: (m) => (
      <span class="mono">
        {m.dataset}
        {m.event_code !== null && ` · ${m.event_code}`}
      </span>
    ),
    width: "12rem",
  },
  { id: "rule", header: "Rule", cell: (m) => m.rule_title },
  { id: "level", header: "Level", cell: (m) => <LevelBadge level={m.level} />, width: "6.5rem" },
  { id: "fields", header: "Key fields", cell: (m) => <KeyFields fields={m.fields} /> },
];

const ALL_COLUMNS = COLUMNS.map((column) => column.id);
// The rule's own title on every row says nothing when the text defines a single rule.
const ONE_RULE_COLUMNS = ALL_COLUMNS.filter((id) => id !== "rule");

function KeyFields({ fields }: { fields: Record<string, string> }) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <div class="key-fields">
      {entries.map(([name, value]) => (
        <div key={name} title={`${name}: ${value}`}>
          <span class="muted">{name}</span> <span class="mono">{value}</span>
        </div>
      ))}
    </div>
  );
}

interface RuleTestPanelProps {
  kind: RuleKind;
  text: string;
  /** Told the compile errors of each run ([] when the text compiled), to show them at their lines. */
  onErrors: (errors: CompileError[]) => void;
}

export function RuleTestPanel({ kind, text, onErrors }: RuleTestPanelProps) {
  const limitId = useId();
  const [limit, setLimit] = useState<number>(1000);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RuleTestResult>();
  const [error, setError] = useState<unknown>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await rulesApi.test(kind, text, limit);
      setResult(answer);
      onErrors([]);
    } catch (failure) {
      setResult(undefined);
      setError(failure);
      onErrors(compileErrors(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel rule-test" aria-labelledby={`${limitId}-heading`}>
      <div class="panel-header">
        <h2 id={`${limitId}-heading`}>Test against recent events</h2>
        <div class="toolbar">
          <label for={limitId} class="muted">
            Newest
          </label>
          <select id={limitId} value={String(limit)} onChange={(e) => setLimit(Number(e.currentTarget.value))}>
            {LIMITS.map((n) => (
              <option key={n} value={String(n)}>
                {n.toLocaleString()} events
              </option>
            ))}
          </select>
          <button type="button" class="button primary small" onClick={run} disabled={busy || text.trim() === ""}>
            {busy ? "Testing…" : "Run test"}
          </button>
        </div>
      </div>
      <ErrorBanner error={error} />
      {result && (
        <>
          <p class="muted" role="status">
            {result.matches.length.toLocaleString()} {result.matches.length === 1 ? "match" : "matches"} in the newest{" "}
            {result.scanned.toLocaleString()} events
            {result.unreadable > 0 && ` (${result.unreadable.toLocaleString()} could not be read)`}
            {result.truncated && "; only the first matches are shown"}.
          </p>
          {result.matches.length > 0 && (
            <DataTable
              columns={COLUMNS}
              rows={result.matches}
              rowKey={(m) => `${m.event_id}:${m.rule_id}`}
              label="Test matches"
              visibleColumns={result.rules.length > 1 ? ALL_COLUMNS : ONE_RULE_COLUMNS}
            />
          )}
        </>
      )}
    </section>
  );
}
