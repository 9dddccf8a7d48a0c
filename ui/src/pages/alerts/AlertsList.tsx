/**
 * The alerts list: level, rule, host, count, first/last seen, status and assignee, filtered by URL
 * state (status, minimum level, rule, host, time range), with rows selected for a bulk acknowledge
 * or close.
 */
import { useEffect, useState } from "preact/hooks";
import { ALERT_STATUSES, type Alert, type AlertQuery, type AlertStatus, alertsApi } from "../../api/alerts";
import { RULE_LEVELS } from "../../api/rules";
import { type Column, DataTable, LoadMore } from "../../components/DataTable";
import { ErrorBanner, LevelBadge, StatusBadge } from "../../components/Feedback";
import { ImportFilterChip } from "../../components/ImportFilterChip";
import { ConfirmDialog } from "../../components/Modal";
import { Time } from "../../components/Time";
import { TimeRangePicker } from "../../components/TimeRangePicker";
import { ValueMenu } from "../../components/ValueMenu";
import { hasRole } from "../../roles";
import { navigate, useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { useTimeRange } from "../../time";
import { enumParam, setQueryParams, stringParam, useQueryState } from "../../url-state";
import { useAction } from "../../use-action";
import { useCursorList } from "../../use-api";
import { alertHref, ruleHref } from "./links";
import "./alerts.css";

const PAGE = 100;
const STATUS_FILTERS = ["active", "all", ...ALERT_STATUSES] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];
const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  active: "Open and acknowledged",
  all: "Any status",
  open: "Open",
  acknowledged: "Acknowledged",
  closed: "Closed",
  false_positive: "False positive",
};

const statusParam = enumParam(STATUS_FILTERS, "active");
const levelParam = enumParam(["", ...RULE_LEVELS] as const, "");
const ruleParam = stringParam();
const hostParam = stringParam();
const importParam = stringParam();

function statusesOf(filter: StatusFilter): AlertStatus[] | undefined {
  if (filter === "active") return ["open", "acknowledged"];
  return filter === "all" ? undefined : [filter];
}

export function AlertsList() {
  useDocumentTitle("Alerts");
  const { user } = useSession();
  const canTriage = hasRole(user.role, "analyst");
  const [status, setStatus] = useQueryState("status", statusParam);
  const [level, setLevel] = useQueryState("level", levelParam);
  const [rule, setRule] = useQueryState("rule", ruleParam);
  const [host, setHost] = useQueryState("host", hostParam);
  const [importId, setImportId] = useQueryState("import", importParam);
  const [range, setRange, refresh] = useTimeRange("7d");
  const [hostDraft, setHostDraft] = useState(host);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [confirmClose, setConfirmClose] = useState(false);
  const { busy, failure, run } = useAction();
  const [outcome, setOutcome] = useState<string>();

  useEffect(() => setHostDraft(host), [host]);

  const query: AlertQuery = {
    status: statusesOf(status),
    level: level || undefined,
    rule: rule || undefined,
    host: host || undefined,
    import: importId || undefined,
    from: range.from,
    to: range.to,
  };
  const list = useCursorList(
    (cursor, signal) =>
      alertsApi
        .list({ ...query, limit: PAGE, cursor }, { signal })
        .then((page) => ({ items: page.alerts, next_cursor: page.next_cursor })),
    [status, level, rule, host, importId, range],
  );

  useEffect(() => setSelected(new Set()), [status, level, rule, host, importId, range]);

  const visibleSelected = list.items.filter((alert) => selected.has(alert.id)).map((alert) => alert.id);
  const allSelected = list.items.length > 0 && visibleSelected.length === list.items.length;

  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const setStatuses = async (to: AlertStatus) => {
    setOutcome(undefined);
    await run(async () => {
      const { updated } = await alertsApi.bulkUpdate(visibleSelected, to);
      const verb = to === "closed" ? "Closed" : "Acknowledged";
      setOutcome(`${verb} ${updated.length} alert${updated.length === 1 ? "" : "s"}.`);
      setSelected(new Set());
      list.reload();
    });
    setConfirmClose(false);
  };

  const selectColumn: Column<Alert> = {
    id: "select",
    header: (
      <input
        type="checkbox"
        aria-label="Select every alert shown"
        checked={allSelected}
        onChange={() => setSelected(allSelected ? new Set() : new Set(list.items.map((alert) => alert.id)))}
      />
    ),
    width: "2.5rem",
    cell: (alert) => (
      <input
        type="checkbox"
        aria-label={`Select alert ${alert.id}`}
        checked={selected.has(alert.id)}
        onChange={() => toggle(alert.id)}
      />
    ),
  };

  const columns: Column<Alert>[] = [
    ...(canTriage ? [selectColumn] : []),
    { id: "level", header: "Level", width: "7rem", cell: (alert) => <LevelBadge level={alert.level} /> },
    {
      id: "rule",
      header: "Rule",
      cell: (alert) => (
        <ValueMenu
          value={alert.rule.id}
          field="rule"
          onFilterFor={(id) => setRule(id, { push: true })}
          extraActions={[{ label: "Open rule", run: (id) => navigate(ruleHref(id)) }]}
        >
          {alert.title}
        </ValueMenu>
      ),
    },
    {
      id: "host",
      header: "Host",
      width: "11rem",
      cell: (alert) =>
        alert.host === null ? (
          <span class="muted">—</span>
        ) : (
          <ValueMenu value={alert.host} field="host.name" onFilterFor={(name) => setHost(name, { push: true })} />
        ),
    },
    { id: "count", header: "Count", width: "5rem", class: "num", cell: (alert) => alert.count.toLocaleString() },
    {
      id: "first_seen",
      header: "First seen",
      width: "9rem",
      cell: (alert) => <Time value={alert.first_seen} relative />,
    },
    { id: "last_seen", header: "Last seen", width: "9rem", cell: (alert) => <Time value={alert.last_seen} relative /> },
    { id: "status", header: "Status", width: "9rem", cell: (alert) => <StatusBadge status={alert.status} /> },
    {
      id: "assignee",
      header: "Assignee",
      width: "8rem",
      cell: (alert) => (alert.assignee === null ? <span class="muted">—</span> : alert.assignee),
    },
  ];

  const filtered = status !== "active" || level !== "" || rule !== "" || host !== "" || importId !== "";

  return (
    <div class="alerts-page">
      <div class="page-header">
        <h1 class="page-title">Alerts</h1>
        <button type="button" class="button small" onClick={refresh}>
          Refresh
        </button>
      </div>

      <div class="toolbar alerts-filters">
        <label>
          <span class="visually-hidden">Status</span>
          <select
            aria-label="Status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as StatusFilter, { push: true })}
          >
            {STATUS_FILTERS.map((value) => (
              <option key={value} value={value}>
                {STATUS_FILTER_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="visually-hidden">Minimum level</span>
          <select
            aria-label="Minimum level"
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value as typeof level, { push: true })}
          >
            <option value="">Any level</option>
            {RULE_LEVELS.map((value) => (
              <option key={value} value={value}>
                {value} or above
              </option>
            ))}
          </select>
        </label>
        <form
          class="alerts-host-filter"
          onSubmit={(e) => {
            e.preventDefault();
            setHost(hostDraft.trim(), { push: true });
          }}
        >
          <input
            type="search"
            aria-label="Host"
            placeholder="Host"
            value={hostDraft}
            onInput={(e) => setHostDraft(e.currentTarget.value)}
          />
        </form>
        {rule !== "" && (
          <span class="filter-chip">
            Rule <span class="mono">{list.items[0]?.rule.id === rule ? list.items[0].title : rule}</span>
            <button type="button" class="icon-button" aria-label="Remove the rule filter" onClick={() => setRule("")}>
              ×
            </button>
          </span>
        )}
        {importId !== "" && <ImportFilterChip id={importId} onClear={() => setImportId("", { push: true })} />}
        {filtered && (
          <button
            type="button"
            class="button small"
            onClick={() =>
              setQueryParams({ status: null, level: null, rule: null, host: null, import: null }, { push: true })
            }
          >
            Clear filters
          </button>
        )}
      </div>
      <TimeRangePicker value={range} onChange={setRange} />

      {canTriage && (
        <div class="bulk-bar" role="toolbar" aria-label="Selected alerts">
          <span class="muted">
            {visibleSelected.length === 0
              ? "Select alerts to triage them together."
              : `${visibleSelected.length} selected`}
          </span>
          <button
            type="button"
            class="button small"
            disabled={visibleSelected.length === 0 || busy}
            onClick={() => setStatuses("acknowledged")}
          >
            Acknowledge
          </button>
          <button
            type="button"
            class="button small"
            disabled={visibleSelected.length === 0 || busy}
            onClick={() => setConfirmClose(true)}
          >
            Close
          </button>
          {outcome && (
            <span class="success" role="status">
              {outcome}
            </span>
          )}
        </div>
      )}
      <ErrorBanner error={failure} />

      <DataTable
        label="Alerts"
        columns={columns}
        rows={list.items}
        rowKey={(alert) => alert.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={(alert) => navigate(alertHref(alert.id))}
        empty={filtered ? "No alerts match these filters." : "No open alerts in this time range."}
      />
      <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={list.loadMore} />

      {confirmClose && (
        <ConfirmDialog
          title="Close alerts"
          message={`Close ${visibleSelected.length} selected alert${visibleSelected.length === 1 ? "" : "s"}?`}
          confirmLabel="Close alerts"
          busy={busy}
          onConfirm={() => setStatuses("closed")}
          onCancel={() => setConfirmClose(false)}
        />
      )}
    </div>
  );
}
