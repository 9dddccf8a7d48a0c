/**
 * Events: the analyst's search over everything stored, in the manner of Kibana Discover. A query in
 * the search language, a time range (the histogram zooms it), a host and an event type narrow the
 * events; the table shows one page of them (newest first, chosen columns) over the cursor API, and
 * a side panel shows one event whole. All state lives in the URL.
 */
import { useMemo, useRef, useState } from "preact/hooks";
import { errorText } from "../../api/client";
import { type EventQuery, type EventRecord, eventsApi, queryErrorPosition } from "../../api/events";
import type { AlertException } from "../../api/exceptions";
import { type Column, DataTable } from "../../components/DataTable";
import { Histogram } from "../../components/Histogram";
import { ImportFilterChip } from "../../components/ImportFilterChip";
import { Link } from "../../components/Link";
import { TimeRangePicker } from "../../components/TimeRangePicker";
import { hasRole } from "../../roles";
import { useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { formatAbsolute, useTimeRange } from "../../time";
import { numberParam, setQueryParams, stringParam, useQueryState } from "../../url-state";
import { useApi } from "../../use-api";
import { alertHref } from "../alerts/links";
import { AddExceptionDialog } from "./AddExceptionDialog";
import { EventDetail, type ValueActions } from "./EventDetail";
import { ECS_FIELDS, fieldValue } from "./event-fields";
import { QueryBar, type QueryProblem } from "./QueryBar";
import { termFor, withTerm } from "./query-text";
import { type EventType, TypeFacets } from "./TypeFacets";
import { toggled, useColumns } from "./use-columns";
import "./events.css";

const PAGE_SIZE = 100;
const TIME_COLUMN = "@timestamp";

const queryParam = stringParam();
const hostParam = stringParam();
const datasetParam = stringParam();
const actionParam = stringParam();
const importParam = stringParam();
const alertParam = stringParam();
const eventParam = numberParam(0);

/** The false-positive filter's answer to "Add": the value is in it now, or was already. */
interface Notice {
  field: string;
  value: string;
  existed: boolean;
}

export function Events() {
  useDocumentTitle("Events");
  const { user } = useSession();
  const [range, setRange, refresh] = useTimeRange("24h");
  const [q, setQ] = useQueryState("q", queryParam);
  const [host, setHost] = useQueryState("host", hostParam);
  const [dataset] = useQueryState("dataset", datasetParam);
  const [action] = useQueryState("action", actionParam);
  const [importId, setImportId] = useQueryState("import", importParam);
  const [alertId, setAlertId] = useQueryState("alert", alertParam);
  const [selectedId, setSelectedId] = useQueryState("event", eventParam);
  const [columns, setColumns] = useColumns();
  const [pendingException, setPendingException] = useState<{ field: string; value: string }>();
  const [notice, setNotice] = useState<Notice>();
  const tableRef = useRef<HTMLDivElement>(null);

  const query: EventQuery = useMemo(
    () => ({
      from: range.from,
      to: range.to,
      q: q || undefined,
      host: host || undefined,
      dataset: dataset || undefined,
      action: action || undefined,
      import: importId || undefined,
      alert: alertId || undefined,
    }),
    [range, q, host, dataset, action, importId, alertId],
  );
  const queryKey = JSON.stringify(query);

  // Keyset paging: the cursors of the pages before this one, so "Newer" can step back.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key: queryKey, cursors: [null] });
  const cursors = paging.key === queryKey ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  const stats = useApi((signal) => eventsApi.stats(query, { signal }), [queryKey]);
  const page = useApi(
    (signal) => eventsApi.list({ ...query, limit: PAGE_SIZE, cursor }, { signal }),
    [queryKey, cursor],
  );
  const turnPage = (next: (string | null)[]) => {
    setPaging({ key: queryKey, cursors: next });
    tableRef.current?.querySelector(".table-scroll")?.scrollTo(0, 0);
  };

  const problem = queryProblem(page.error ?? stats.error);
  const runQuery = (text: string) => setQ(text, { push: true });

  const actions: ValueActions = {
    filter: (field, value, exclude) => runQuery(withTerm(q, termFor(field, value), exclude)),
    addException: hasRole(user.role, "analyst") ? (field, value) => setPendingException({ field, value }) : undefined,
  };

  const selectType = (type: EventType | null) =>
    setQueryParams({ dataset: type ? type.dataset : null, action: type?.action ? type.action : null }, { push: true });

  const tableColumns = useMemo(() => buildColumns(columns), [columns]);
  const rows = page.data?.events ?? [];
  const first = (cursors.length - 1) * PAGE_SIZE;
  const total = stats.data?.total;
  const hosts = stats.data?.by_host ?? [];

  return (
    <div class="events-page">
      <div class="page-header">
        <h1 class="page-title">Events</h1>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      <QueryBar value={q} onSubmit={runQuery} problem={problem} />
      <div class="toolbar events-toolbar">
        <label>
          <span class="visually-hidden">Host</span>
          <select
            aria-label="Host"
            value={host}
            onChange={(event) => setHost(event.currentTarget.value, { push: true })}
          >
            <option value="">All hosts</option>
            {host && !hosts.some((h) => h.host === host) && <option value={host}>{host}</option>}
            {hosts.map(
              (h) =>
                h.host !== null && (
                  <option key={h.host} value={h.host}>
                    {h.host} ({h.count.toLocaleString()})
                  </option>
                ),
            )}
          </select>
        </label>
        {importId && <ImportFilterChip id={importId} onClear={() => setImportId("", { push: true })} />}
        {alertId && (
          <span class="filter-chip">
            <Link href={alertHref(Number(alertId))}>Events of alert {alertId}</Link>
            <button
              type="button"
              class="icon-button"
              aria-label="Remove the alert filter"
              onClick={() => setAlertId("", { push: true })}
            >
              ×
            </button>
          </span>
        )}
        <button type="button" class="button small" onClick={refresh} disabled={!("quick" in range.choice)}>
          Refresh
        </button>
        <span class="events-count muted" role="status" aria-live="polite">
          {total === undefined ? "Counting…" : `${total.toLocaleString()} ${total === 1 ? "event" : "events"}`}
        </span>
      </div>
      {stats.data && (
        <Histogram
          buckets={stats.data.histogram.buckets}
          intervalMs={stats.data.histogram.interval_ms}
          from={Date.parse(stats.data.from)}
          to={Date.parse(stats.data.to)}
          label="Events over time"
          height={96}
          onSelectRange={(from, to) => setRange({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}
        />
      )}
      {notice && <NoticeLine notice={notice} onDismiss={() => setNotice(undefined)} />}
      <div class="events-layout">
        <TypeFacets types={stats.data?.by_type} selected={{ dataset, action }} onSelect={selectType} />
        <div class="events-main" ref={tableRef}>
          <DataTable
            columns={tableColumns}
            rows={rows}
            rowKey={(event) => event.id}
            label="Events"
            loading={page.loading}
            error={problem ? undefined : page.error}
            onRetry={page.reload}
            empty={problem ? "Fix the query to see events." : "No events match in this range."}
            onRowClick={(event) => setSelectedId(event.id, { push: true })}
            selectedKey={selectedId || undefined}
            visibleColumns={[TIME_COLUMN, ...columns]}
            onVisibleColumnsChange={(ids) => setColumns(ids.filter((id) => id !== TIME_COLUMN))}
          />
          <nav class="pager" aria-label="Pages">
            <button
              type="button"
              class="button small"
              disabled={cursors.length === 1 || page.loading}
              onClick={() => turnPage(cursors.slice(0, -1))}
            >
              ← Newer
            </button>
            <span class="muted" role="status">
              {rows.length === 0
                ? "No events"
                : `Events ${(first + 1).toLocaleString()}–${(first + rows.length).toLocaleString()}${
                    total === undefined ? "" : ` of ${total.toLocaleString()}`
                  }`}
            </span>
            <button
              type="button"
              class="button small"
              disabled={!page.data?.next_cursor || page.loading}
              onClick={() => page.data?.next_cursor && turnPage([...cursors, page.data.next_cursor])}
            >
              Older →
            </button>
          </nav>
        </div>
      </div>
      {selectedId > 0 && (
        <EventDetail
          id={selectedId}
          columns={columns}
          onToggleColumn={(field) => setColumns(toggled(columns, field))}
          actions={actions}
          onClose={() => setSelectedId(0, { push: true })}
        />
      )}
      {pendingException && (
        <AddExceptionDialog
          field={pendingException.field}
          value={pendingException.value}
          onCancel={() => setPendingException(undefined)}
          onDone={(result: AlertException | "exists") => {
            setNotice({ ...pendingException, existed: result === "exists" });
            setPendingException(undefined);
          }}
        />
      )}
    </div>
  );
}

function queryProblem(error: unknown): QueryProblem | undefined {
  const position = queryErrorPosition(error);
  return position === undefined ? undefined : { message: errorText(error), position };
}

/** The time column, then the chosen ones, then the other indexed fields the chooser offers. */
function buildColumns(chosen: readonly string[]): Column<EventRecord>[] {
  const names = [...chosen, ...ECS_FIELDS.map((field) => field.name).filter((name) => !chosen.includes(name))];
  return [
    {
      id: TIME_COLUMN,
      header: "Time",
      cell: (event) => formatAbsolute(event["@timestamp"]),
      width: "11.5rem",
      class: "mono nowrap",
    },
    ...names.map((name) => ({
      id: name,
      header: name,
      cell: (event: EventRecord) => {
        const value = fieldValue(event, name);
        return value === null ? (
          <span class="muted">—</span>
        ) : (
          <span class="cell-text" title={value}>
            {value}
          </span>
        );
      },
    })),
  ];
}

function NoticeLine({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  return (
    <div class="success events-notice" role="status">
      <span>
        {notice.existed ? "Already in the false-positive filter: " : "Added to the false-positive filter: "}
        <span class="mono">
          {notice.field} = {notice.value}
        </span>{" "}
        · <Link href="/exceptions">Exceptions</Link>
      </span>
      <button type="button" class="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
