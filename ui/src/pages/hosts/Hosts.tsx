import { type Host, type HostList, hostsApi, type SilenceRule } from "../../api/hosts";
import { type Column, DataTable } from "../../components/DataTable";
import { Link } from "../../components/Link";
import { Time } from "../../components/Time";
import { useDocumentTitle } from "../../router";
import { booleanParam, enumParam, stringParam, useQueryState } from "../../url-state";
import { useApi } from "../../use-api";
import { formatMinutes, formatRate } from "./duration";
import "./hosts.css";

const THRESHOLDS = ["15", "30", "60", "180", "360", "1440"] as const;
const thresholdParam = enumParam(THRESHOLDS, "60");
const searchParam = stringParam();
const silentOnlyParam = booleanParam(false);

const eventsLink = (host: string) => `/events?${new URLSearchParams({ host })}`;

const COLUMNS: readonly Column<Host>[] = [
  {
    id: "name",
    header: "Host",
    cell: (host) => (
      <span class="host-name">
        <Link href={eventsLink(host.name)} title={`Events from ${host.name}`}>
          {host.name}
        </Link>
        {host.silent && <span class="badge host-silent">silent</span>}
      </span>
    ),
  },
  { id: "last_seen", header: "Last seen", cell: (host) => <Time value={host.last_seen} relative /> },
  {
    id: "expected",
    header: "Expected within",
    cell: (host) => <span title={expectedTitle(host)}>{formatMinutes(host.expected_interval_minutes)}</span>,
  },
  { id: "last_event", header: "Last event", cell: (host) => <Time value={host.last_event_at} /> },
  { id: "first_seen", header: "First seen", cell: (host) => <Time value={host.first_seen} relative /> },
  {
    id: "rate",
    header: "Events/h",
    class: "num",
    cell: (host) => (
      <span title={`${host.events_24h.toLocaleString()} events in the last 24 h`}>
        {formatRate(host.events_per_hour)}
      </span>
    ),
  },
  { id: "datasets", header: "Datasets", width: "13rem", cell: (host) => <Datasets host={host} /> },
  { id: "token", header: "Agent token", cell: (host) => <TokenCell token={host.token} /> },
];

function expectedTitle(host: Host): string {
  if (host.median_gap_minutes === null) return "Too few deliveries in the last 24 h: the threshold applies";
  const gap = `median gap ${formatMinutes(host.median_gap_minutes)}`;
  return host.expected_basis === "cadence" ? `3 × its ${gap}` : `Threshold (3 × its ${gap} is longer)`;
}

function Datasets({ host }: { host: Host }) {
  if (host.datasets.length === 0) return <span class="muted">—</span>;
  const detail = host.datasets.map((d) => `${d.dataset} (${d.source}): ${d.events.toLocaleString()}`).join("\n");
  return (
    <span title={`In the 24 h up to its last event:\n${detail}`}>{host.datasets.map((d) => d.dataset).join(", ")}</span>
  );
}

function TokenCell({ token }: { token: Host["token"] }) {
  if (!token) return <span class="muted">—</span>;
  return (
    <span class="host-token" title={`Token id ${token.id}`}>
      {token.name ?? <span class="muted">unknown token</span>}
      {token.revoked && <span class="badge host-revoked">revoked</span>}
    </span>
  );
}

/** The rule in words, with the numbers the server used. */
function SilenceRuleNote({ rule }: { rule: SilenceRule }) {
  return (
    <details class="host-rule">
      <summary>How a host is judged silent</summary>
      <p>
        A host is <strong>silent</strong> when no batch from it has arrived for longer than it is expected to be quiet:{" "}
        {rule.silence_factor} × the median gap between the minutes its batches arrived in over the last{" "}
        {rule.window_hours} h, but never longer than the threshold ({formatMinutes(rule.threshold_minutes)}). A host
        with fewer than {rule.min_gaps} such gaps in that time has no rhythm to go by, and the threshold alone applies.
      </p>
      <p class="muted">
        Events/h counts the events timed in the last {rule.window_hours} h; datasets are those of the{" "}
        {rule.window_hours} h up to the host's last event, so a quiet host still shows what it used to send.
      </p>
    </details>
  );
}

function visibleHosts(list: HostList | undefined, search: string, silentOnly: boolean): Host[] {
  if (!list) return [];
  const needle = search.trim().toLowerCase();
  return list.hosts
    .filter((host) => (!silentOnly || host.silent) && (needle === "" || host.name.toLowerCase().includes(needle)))
    .sort((a, b) => Number(b.silent) - Number(a.silent) || a.name.localeCompare(b.name));
}

export function Hosts() {
  useDocumentTitle("Hosts");
  const [threshold, setThreshold] = useQueryState("threshold", thresholdParam);
  const [search, setSearch] = useQueryState("q", searchParam);
  const [silentOnly, setSilentOnly] = useQueryState("silent", silentOnlyParam);
  const { data, error, loading, reload } = useApi(
    (signal) => hostsApi.list(Number(threshold), { signal }),
    [threshold],
  );
  const rows = visibleHosts(data, search, silentOnly);
  const silentCount = data?.hosts.filter((host) => host.silent).length ?? 0;

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Hosts</h1>
        <div class="toolbar">
          <input
            type="search"
            aria-label="Filter hosts by name"
            placeholder="Filter by name"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
          <label class="host-toggle">
            <input
              type="checkbox"
              checked={silentOnly}
              onChange={(event) => setSilentOnly(event.currentTarget.checked)}
            />
            Silent only
          </label>
          <label class="host-toggle">
            Threshold
            <select value={threshold} onChange={(event) => setThreshold(event.currentTarget.value as typeof threshold)}>
              {THRESHOLDS.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {formatMinutes(Number(minutes))}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="button small" onClick={reload} disabled={loading}>
            Refresh
          </button>
        </div>
      </div>
      {data && (
        <p class="muted" role="status">
          {data.hosts.length.toLocaleString()} hosts seen, {silentCount.toLocaleString()} silent
          {rows.length !== data.hosts.length && `, ${rows.length.toLocaleString()} shown`}.
        </p>
      )}
      {data && <SilenceRuleNote rule={data.rule} />}
      <div class="hosts-table">
        <DataTable
          label="Hosts"
          columns={COLUMNS}
          rows={rows}
          rowKey={(host) => host.name}
          loading={loading}
          error={error}
          onRetry={reload}
          empty={
            data?.hosts.length === 0
              ? "No host has sent events yet. Create an agent token and point an agent at this server."
              : "No host matches the filter."
          }
        />
      </div>
    </>
  );
}
