/** Every agent batch received (PocketSIEM's Submissions): hosts, time, accepted/rejected counts, status, token. */
import { useState } from "preact/hooks";
import { type Submission, submissionsApi } from "../../api/submissions";
import { type Column, DataTable, LoadMore } from "../../components/DataTable";
import { Link } from "../../components/Link";
import { Time } from "../../components/Time";
import { TimeRangePicker } from "../../components/TimeRangePicker";
import { useDocumentTitle } from "../../router";
import { useTimeRange } from "../../time";
import { stringParam, useQueryState, useSearchParams } from "../../url-state";
import { useCursorList } from "../../use-api";
import { FilterChips } from "./FilterChips";
import { SearchBox } from "./SearchBox";
import { VIEW_RANGES } from "./views";
import "./views.css";

const PAGE_SIZE = 50;
const hostParam = stringParam();
const textParam = stringParam();

export function Submissions() {
  useDocumentTitle("Submissions");
  const params = useSearchParams();
  const [range, setRange] = useTimeRange("today");
  const [host, setHost] = useQueryState("host", hostParam);
  const [text, setText] = useQueryState("text", textParam);
  const [total, setTotal] = useState<number>();

  const list = useCursorList(
    (cursor, signal) => {
      const query = { from: range.from, to: range.to, host: host || undefined, text: text || undefined };
      return submissionsApi.list({ ...query, limit: PAGE_SIZE, cursor }, { signal }).then((page) => {
        setTotal(page.total);
        return { items: page.submissions, next_cursor: page.next_cursor };
      });
    },
    [range, host, text],
  );

  const hrefForHost = (value: string) => {
    const next = new URLSearchParams(params);
    next.set("host", value);
    return `/views/submissions?${next}`;
  };

  const columns: Column<Submission>[] = [
    { id: "received", header: "Received", width: "11rem", cell: (s) => <Time value={s.received_at} /> },
    {
      id: "hosts",
      header: "Host(s)",
      cell: (s) =>
        s.hosts.length === 0 ? (
          <span class="muted">—</span>
        ) : (
          <span class="host-list">
            {s.hosts.map((name) => (
              <Link key={name} href={hrefForHost(name)} title={`Only batches from ${name}`}>
                {name}
              </Link>
            ))}
          </span>
        ),
    },
    { id: "accepted", header: "Accepted", width: "6rem", class: "num", cell: (s) => s.accepted.toLocaleString() },
    {
      id: "rejected",
      header: "Rejected",
      width: "6rem",
      class: "num",
      cell: (s) => (s.rejected > 0 ? <span class="rejected-count">{s.rejected.toLocaleString()}</span> : "0"),
    },
    {
      id: "status",
      header: "Status",
      width: "7rem",
      cell: (s) => (
        <span class={`badge submission-${s.status}`} title={s.status === "partial" ? "Still being stored" : undefined}>
          {s.status}
        </span>
      ),
    },
    {
      id: "token",
      header: "Token",
      width: "10rem",
      cell: (s) => s.token_name ?? <span class="muted">{s.token_id ? "deleted token" : "none"}</span>,
    },
    { id: "batch", header: "Batch", class: "mono wrap", cell: (s) => s.id },
  ];

  return (
    <>
      <div class="page-header">
        <div>
          <h1 class="page-title">Submissions</h1>
          <p class="muted view-description">Every batch the agents sent: when, from which hosts, and what was kept.</p>
        </div>
        <TimeRangePicker value={range} onChange={setRange} quickRanges={VIEW_RANGES} />
      </div>
      <div class="toolbar view-toolbar">
        <SearchBox value={text} label="Search submissions" onSearch={(value) => setText(value, { push: true })} />
        <span class="view-count" role="status" aria-live="polite">
          {total === undefined ? "Counting…" : `${total.toLocaleString()} ${total === 1 ? "record" : "records"}`}
        </span>
      </div>
      <FilterChips host={host} onClearHost={() => setHost("", { push: true })} />
      <DataTable
        columns={columns}
        rows={list.items}
        rowKey={(s) => s.id}
        label="Submissions"
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty="No batches received in this range."
      />
      <LoadMore
        count={list.items.length}
        total={total}
        hasMore={list.hasMore}
        loading={list.loading}
        onLoadMore={list.loadMore}
      />
    </>
  );
}
