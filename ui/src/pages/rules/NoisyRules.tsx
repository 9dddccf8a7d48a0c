/**
 * Noisy rules (/rules/noisy): rules by alerts per day over a window and by the share of their alerts
 * closed as false positive; for a chosen rule, the field=value pairs most of its latest alerts share,
 * each one click from an exception scoped to that rule (POST /exceptions) with the share of its
 * alerts it would have suppressed. Values come from logs: they are shown as text, never markup.
 */
import { useState } from "preact/hooks";
import { ApiError, errorText } from "../../api/client";
import { exceptionsApi } from "../../api/exceptions";
import { type NoiseField, type NoiseWindow, type NoisyRules as Noisy, type NoisyRule, rulesApi } from "../../api/rules";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, FormError, LevelBadge, Loading, SuccessNotice } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { Segmented } from "../../components/Segmented";
import { Time } from "../../components/Time";
import { hasRole } from "../../roles";
import { useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { useApi } from "../../use-api";
import "./rules.css";

const WINDOWS = ["1", "7", "30"] as const;
const SORTS = ["alerts", "false_positive"] as const satisfies readonly Noisy["sort"][];

const percent = (share: number) => `${Math.round(share * 100)}%`;

const COLUMNS: readonly Column<NoisyRule>[] = [
  {
    id: "rule",
    header: "Rule",
    cell: (r) => <Link href={`/rules/${encodeURIComponent(r.id)}`}>{r.title}</Link>,
  },
  { id: "level", header: "Level", cell: (r) => <LevelBadge level={r.level} />, width: "6.5rem" },
  {
    id: "per-day",
    header: "Alerts / day",
    cell: (r) => r.alerts_per_day.toLocaleString(undefined, { maximumFractionDigits: 1 }),
    width: "7rem",
    class: "num",
  },
  { id: "alerts", header: "Alerts", cell: (r) => r.alerts.toLocaleString(), width: "5rem", class: "num" },
  {
    id: "fp",
    header: "False positive",
    cell: (r) => `${percent(r.false_positive_share)} (${r.false_positives.toLocaleString()})`,
    width: "8rem",
    class: "num",
  },
  { id: "last", header: "Last seen", cell: (r) => <Time value={r.last_seen} relative />, width: "8rem" },
];

export function NoisyRules() {
  useDocumentTitle("Noisy rules");
  const [window, setWindow] = useState<(typeof WINDOWS)[number]>("7");
  const [sort, setSort] = useState<Noisy["sort"]>("alerts");
  const [selected, setSelected] = useState<NoisyRule>();
  const days = Number(window) as NoiseWindow;
  const list = useApi((signal) => rulesApi.noisy(days, sort, { signal }), [days, sort]);

  return (
    <>
      <div class="page-header">
        <div class="rule-heading">
          <Link href="/rules" class="muted">
            ← Rules
          </Link>
          <h1 class="page-title">Noisy rules</h1>
        </div>
      </div>
      <div class="toolbar">
        <span class="muted">Last</span>
        <Segmented
          choices={WINDOWS}
          value={window}
          label={(d) => (d === "1" ? "1 day" : `${d} days`)}
          onChange={setWindow}
        />
        <span class="muted">by</span>
        <Segmented
          choices={SORTS}
          value={sort}
          label={(s) => (s === "alerts" ? "Alerts per day" : "False-positive share")}
          onChange={setSort}
        />
      </div>
      <DataTable
        columns={COLUMNS}
        rows={list.data?.rules ?? []}
        rowKey={(r) => r.id}
        label="Noisy rules"
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.reload}
        empty="No rule alerted in this window."
        onRowClick={setSelected}
        selectedKey={selected?.id}
      />
      {selected && <RuleNoisePanel key={`${selected.id}:${days}`} rule={selected} days={days} />}
    </>
  );
}

function RuleNoisePanel({ rule, days }: { rule: NoisyRule; days: NoiseWindow }) {
  const { user } = useSession();
  const canWrite = hasRole(user.role, "analyst");
  const noise = useApi((signal) => rulesApi.noise(rule.id, days, { signal }), [rule.id, days]);
  const [added, setAdded] = useState<Record<string, "added" | "exists">>({});
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const keyOf = (f: NoiseField) => `${f.field}\u0000${f.value}`;
  const add = (f: NoiseField) => {
    setBusy(keyOf(f));
    setFailure(undefined);
    exceptionsApi
      .create({
        field: f.field,
        value: f.value,
        rule_id: rule.id,
        comment: `From the noisy-rules view (${percent(f.share)} of its alerts)`,
      })
      .then(
        () => setAdded((done) => ({ ...done, [keyOf(f)]: "added" })),
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 409)
            setAdded((done) => ({ ...done, [keyOf(f)]: "exists" }));
          else setFailure(errorText(error));
        },
      )
      .finally(() => setBusy(undefined));
  };

  const columns: Column<NoiseField>[] = [
    { id: "field", header: "Field", cell: (f) => <span class="mono">{f.field}</span>, width: "14rem" },
    {
      id: "value",
      header: "Value",
      cell: (f) => (
        <div class="mono noise-value" title={f.value}>
          {f.value}
        </div>
      ),
    },
    {
      id: "share",
      header: "Would suppress",
      cell: (f) => `${percent(f.share)} of alerts`,
      width: "9rem",
      class: "num",
    },
  ];
  if (canWrite) {
    columns.push({
      id: "action",
      header: "",
      width: "10rem",
      cell: (f) => {
        const done = added[keyOf(f)];
        if (done) return <span class="muted">{done === "added" ? "Exception added" : "Already an exception"}</span>;
        return (
          <button type="button" class="button small" onClick={() => add(f)} disabled={busy !== undefined}>
            Add exception
          </button>
        );
      },
    });
  }

  return (
    <section class="panel" aria-label={`Why ${rule.title} is noisy`}>
      <div class="panel-header">
        <h2>What its alerts share</h2>
      </div>
      {noise.data ? (
        <>
          <p class="muted">
            The fields that vary least across the latest {noise.data.sampled.toLocaleString()} alerts of{" "}
            <strong>{rule.title}</strong>
            {noise.data.read < noise.data.sampled &&
              ` (${noise.data.read.toLocaleString()} with their event still stored)`}
            . An exception added here is scoped to this rule only.
          </p>
          <FormError message={failure} />
          <SuccessNotice
            message={Object.values(added).includes("added") ? "Its next matching events will not alert." : undefined}
          />
          <DataTable
            columns={columns}
            rows={noise.data.fields}
            rowKey={keyOf}
            label="Shared fields"
            empty="No field value is shared by two or more of its alerts."
          />
        </>
      ) : noise.loading ? (
        <Loading />
      ) : (
        <ErrorBanner error={noise.error} onRetry={noise.reload} />
      )}
    </section>
  );
}
