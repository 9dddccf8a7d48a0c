/** The audit log (admin): who signed in, and who changed users, tokens, rules, exceptions, lists and webhooks. */
import { type AuditEntry, auditApi } from "../../api/audit";
import { type Column, DataTable, LoadMore } from "../../components/DataTable";
import { Time } from "../../components/Time";
import { TimeRangePicker } from "../../components/TimeRangePicker";
import { useDocumentTitle } from "../../router";
import { useTimeRange } from "../../time";
import { enumParam, stringParam, useQueryState } from "../../url-state";
import { useCursorList } from "../../use-api";
import { SearchBox } from "../views/SearchBox";
import "./audit.css";

const PAGE_SIZE = 100;
const ACTIONS = [
  "all",
  "auth",
  "user",
  "token",
  "rule",
  "exception",
  "ip_list",
  "notification_target",
  "dead_letter",
  "archive",
] as const;
const ACTION_LABELS: Record<(typeof ACTIONS)[number], string> = {
  all: "Every action",
  auth: "Sign-ins and sign-outs",
  user: "Users",
  token: "Agent tokens",
  rule: "Rules",
  exception: "Exceptions",
  ip_list: "IP lists",
  notification_target: "Notification targets",
  dead_letter: "Dead letters",
  archive: "Archives",
};
const actionParam = enumParam(ACTIONS, "all");
const actorParam = stringParam();

/** `key: value` pairs, values that are not text as JSON: shown as text, never as markup. */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}

function actorCell(entry: AuditEntry) {
  if (entry.actor === null) return <span class="muted">system</span>;
  return (
    <span>
      {entry.actor.name}
      {entry.actor.id === null && <span class="muted audit-unsigned"> (not signed in)</span>}
    </span>
  );
}

export function Audit() {
  useDocumentTitle("Audit log");
  const [range, setRange] = useTimeRange("30d");
  const [action, setAction] = useQueryState("action", actionParam);
  const [actor, setActor] = useQueryState("actor", actorParam);

  const list = useCursorList(
    (cursor, signal) => {
      const query = {
        from: range.from,
        to: range.to,
        actor: actor || undefined,
        action: action === "all" ? undefined : action === "auth" ? "auth." : `${action}.`,
      };
      return auditApi
        .list({ ...query, limit: PAGE_SIZE, cursor }, { signal })
        .then((page) => ({ items: page.entries, next_cursor: page.next_cursor }));
    },
    [range, action, actor],
  );

  const columns: Column<AuditEntry>[] = [
    { id: "at", header: "Time", width: "10rem", cell: (e) => <Time value={e.at} /> },
    { id: "who", header: "Who", width: "10rem", class: "audit-wrap", cell: actorCell },
    { id: "action", header: "Action", width: "11rem", class: "mono", cell: (e) => e.action },
    {
      id: "target",
      header: "Target",
      width: "11rem",
      class: "mono audit-wrap audit-target",
      cell: (e) => (e.target === null ? <span class="muted">—</span> : `${e.target.type} ${e.target.id ?? ""}`),
    },
    { id: "detail", header: "Detail", class: "mono audit-wrap audit-detail", cell: (e) => detailText(e.detail) },
    { id: "ip", header: "IP", width: "7rem", class: "mono", cell: (e) => e.ip ?? <span class="muted">—</span> },
  ];

  return (
    <>
      <div class="page-header">
        <div>
          <h1 class="page-title">Audit log</h1>
          <p class="muted">
            Every sign-in, and every change to users, agent tokens, rules, exceptions, IP lists and notification
            targets: who, when and what. Passwords, token secrets and webhook URLs are never recorded.
          </p>
        </div>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      <div class="toolbar audit-toolbar">
        <select
          aria-label="Action filter"
          value={action}
          onChange={(event) => setAction(actionParam.parse([event.currentTarget.value]), { push: true })}
        >
          {ACTIONS.map((value) => (
            <option key={value} value={value}>
              {ACTION_LABELS[value]}
            </option>
          ))}
        </select>
        <SearchBox
          value={actor}
          label="Filter by user"
          placeholder="User name"
          submitLabel="Filter"
          class="audit-actor"
          onSearch={(value) => setActor(value, { push: true })}
        />
      </div>
      <DataTable
        columns={columns}
        rows={list.items}
        rowKey={(e) => e.id}
        label="Audit log"
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty="Nothing recorded in this range."
      />
      <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={list.loadMore} />
    </>
  );
}
