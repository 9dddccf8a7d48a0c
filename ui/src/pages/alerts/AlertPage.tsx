/**
 * One alert: what raised it (the rule, the matching event), where it stands (status, assignee,
 * notes, history) and what happened around it on the host (process tree, timeline).
 */
import { Fragment } from "preact";
import { type AlertChanges, type AlertDetail, alertsApi } from "../../api/alerts";
import { ApiError } from "../../api/client";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorBanner, LevelBadge, Loading, StatusBadge } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { Time } from "../../components/Time";
import { hasRole } from "../../roles";
import { navigate, useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { useAction } from "../../use-action";
import { useApi } from "../../use-api";
import { ContextPanel } from "./ContextPanel";
import { alertEventsHref, eventHref } from "./links";
import { MatchingEvent } from "./MatchingEvent";
import { NotesPanel } from "./NotesPanel";
import { RulePanel } from "./RulePanel";
import { TriagePanel } from "./TriagePanel";
import "./alerts.css";

type AlertEvent = AlertDetail["events"][number];
type Contributors = NonNullable<AlertDetail["contributors"]>;

/** A correlation alert's hosts or users, most events first, and how many more there are. */
function NameCounts({ names, total, label }: { names: Contributors["hosts"]; total: number; label: string }) {
  if (names.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="name-counts" aria-label={label}>
      {names.map((named) => (
        <li key={named.name}>
          <span class="mono">{named.name}</span>{" "}
          <span class="muted">
            ({named.events.toLocaleString()} {named.events === 1 ? "event" : "events"})
          </span>
        </li>
      ))}
      {total > names.length && <li class="muted">and {(total - names.length).toLocaleString()} more</li>}
    </ul>
  );
}

const EVENT_COLUMNS: Column<AlertEvent>[] = [
  { id: "time", header: "Time", width: "11rem", cell: (event) => <Time value={event["@timestamp"]} /> },
  {
    id: "process",
    header: "Process",
    cell: (event) => ("expired" in event ? <span class="muted">no longer stored</span> : (event.process ?? "—")),
  },
  {
    id: "command",
    header: "Command line",
    class: "mono",
    cell: (event) => ("expired" in event ? "" : (event.command_line ?? "")),
  },
  { id: "user", header: "User", width: "9rem", cell: (event) => ("expired" in event ? "" : (event.user ?? "—")) },
];

export function AlertPage({ id }: { id: number }) {
  const { user } = useSession();
  const canTriage = hasRole(user.role, "analyst");
  const detail = useApi((signal) => alertsApi.get(id, { signal }), [id]);
  const { busy, failure, run } = useAction();
  const alert = detail.data?.alert;
  const contributors = alert?.contributors ?? null;
  useDocumentTitle(alert ? `Alert ${alert.id}: ${alert.title}` : `Alert ${id}`);

  const change = (changes: AlertChanges): Promise<boolean> =>
    run(async () => {
      detail.setData(await alertsApi.update(id, changes));
    });

  if (!alert) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <div class="alert-page">
        <p>
          <Link href="/alerts">← Alerts</Link>
        </p>
        <h1 class="page-title">Alert {id}</h1>
        {detail.loading && <Loading />}
        {missing ? (
          <p class="muted">There is no alert {id}.</p>
        ) : (
          <ErrorBanner error={detail.error} onRetry={detail.reload} />
        )}
      </div>
    );
  }

  return (
    <div class="alert-page">
      <p>
        <Link href="/alerts">← Alerts</Link>
      </p>
      <div class="page-header">
        <h1 class="page-title">{alert.title}</h1>
        <span class="alert-badges">
          <LevelBadge level={alert.level} />
          <StatusBadge status={alert.status} />
        </span>
      </div>
      <dl class="facts alert-facts">
        <dt>Host</dt>
        <dd>
          {alert.host !== null ? (
            <Link href={`/alerts?host=${encodeURIComponent(alert.host)}&status=all`}>{alert.host}</Link>
          ) : contributors && contributors.host_total > 1 ? (
            `${contributors.host_total.toLocaleString()} hosts`
          ) : (
            <span class="muted">—</span>
          )}
        </dd>
        {contributors && (
          <>
            <dt>Hosts</dt>
            <dd>
              <NameCounts label="Hosts" names={contributors.hosts} total={contributors.host_total} />
            </dd>
            <dt>Users</dt>
            <dd>
              <NameCounts label="Users" names={contributors.users} total={contributors.user_total} />
            </dd>
          </>
        )}
        <dt>Events</dt>
        <dd>
          {alert.count.toLocaleString()}
          {contributors && contributors.linked < alert.count && (
            <span class="muted"> ({contributors.linked.toLocaleString()} linked, the rest counted)</span>
          )}
        </dd>
        <dt>First seen</dt>
        <dd>
          <Time value={alert.first_seen} />
        </dd>
        <dt>Last seen</dt>
        <dd>
          <Time value={alert.last_seen} />
        </dd>
        {Object.entries(alert.key_fields).map(([field, value]) => (
          <Fragment key={field}>
            <dt class="mono">{field}</dt>
            <dd class="mono key-field">{value}</dd>
          </Fragment>
        ))}
      </dl>
      <ErrorBanner error={failure} />

      <div class="alert-layout">
        <div class="alert-main">
          <MatchingEvent alert={alert} canTriage={canTriage} />
          <ContextPanel alertId={alert.id} />
          <section class="panel" aria-labelledby="alert-events-heading">
            <h2 id="alert-events-heading">
              Events of this alert{" "}
              <span class="muted">
                ({alert.events.length < alert.count ? `newest ${alert.events.length} of ${alert.count}` : alert.count})
              </span>
            </h2>
            <DataTable
              label="Events of this alert"
              columns={EVENT_COLUMNS}
              rows={alert.events}
              rowKey={(event) => (event.id === null ? `x-${event["@timestamp"]}-${event.batch_id}` : event.id)}
              onRowClick={(event) => {
                if (!("expired" in event)) navigate(eventHref(event.id));
              }}
            />
            <p class="alert-events-more">
              {alert.count > alert.events.length && (
                <span class="muted">and {(alert.count - alert.events.length).toLocaleString()} more · </span>
              )}
              <Link href={alertEventsHref(alert.id, alert.first_seen, alert.last_seen)}>
                Search the events of this alert
              </Link>
            </p>
          </section>
        </div>
        <div class="alert-side">
          <TriagePanel alert={alert} me={user.username} canTriage={canTriage} busy={busy} onChange={change} />
          <RulePanel alert={alert} />
          <NotesPanel alert={alert} canTriage={canTriage} busy={busy} onAddNote={(text) => change({ note: text })} />
        </div>
      </div>
    </div>
  );
}
