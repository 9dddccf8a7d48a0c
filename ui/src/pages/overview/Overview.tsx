/**
 * The landing page: open alerts by level, new alerts by level over the range, the rules and hosts
 * that alert most, the busiest hosts and the ingest volume per dataset, and the service's status.
 * Every figure comes from one GET /api/v1/overview for the range in the URL.
 */
import { queryString } from "../../api/client";
import { type Overview as OverviewData, overviewApi } from "../../api/overview";
import { RULE_LEVELS } from "../../api/rules";
import { ErrorBanner, LevelBadge, Loading } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { StatusPanel } from "../../components/StatusPanel";
import { TimeRangePicker } from "../../components/TimeRangePicker";
import { useDocumentTitle } from "../../router";
import { type TimeRange, useTimeRange } from "../../time";
import { useApi } from "../../use-api";
import { AlertsOverTime } from "./AlertsOverTime";
import { RankedBars } from "./RankedBars";
import "./overview.css";

const SEVERE_FIRST = [...RULE_LEVELS].reverse();

/** A link to another page, filtered by `params` over the same time range as this one. */
function linkTo(path: string, params: Record<string, string>, range: TimeRange): string {
  const time = "quick" in range.choice ? { range: range.choice.quick } : { from: range.from, to: range.to };
  return `${path}${queryString({ ...params, ...time })}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

const hostLabel = (host: string | null) => host ?? "(no host)";

export function Overview() {
  useDocumentTitle("Overview");
  const [range, setRange, refresh] = useTimeRange("24h");
  const { data, error, loading, reload } = useApi(
    (signal) => overviewApi.get({ from: range.from, to: range.to }, { signal }),
    [range],
  );

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Overview</h1>
        <div class="toolbar">
          <TimeRangePicker value={range} onChange={setRange} />
          <button
            type="button"
            class="button small"
            onClick={"quick" in range.choice ? refresh : reload}
            disabled={loading}
          >
            Refresh figures
          </button>
        </div>
      </div>
      <ErrorBanner error={error} onRetry={reload} />
      {data === undefined && loading && <Loading />}
      {data && (
        <Figures
          data={data}
          range={range}
          onZoom={(from, to) => setRange({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}
        />
      )}
    </>
  );
}

function Figures({
  data,
  range,
  onZoom,
}: {
  data: OverviewData;
  range: TimeRange;
  onZoom: (from: number, to: number) => void;
}) {
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  return (
    <div class="overview-grid">
      <section class="panel overview-open" aria-labelledby="open-heading">
        <div class="panel-header">
          <h2 id="open-heading">Open alerts</h2>
          <Link href="/alerts?status=open">{data.open_alerts.total.toLocaleString()} open</Link>
        </div>
        <ul class="overview-levels">
          {SEVERE_FIRST.map((level) => (
            <li key={level}>
              <Link href={`/alerts${queryString({ status: "open", level })}`} class="overview-level-card">
                <LevelBadge level={level} />
                <span class="overview-level-count">{data.open_alerts.by_level[level].toLocaleString()}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <div class="overview-status">
        <StatusPanel />
      </div>

      <section class="panel overview-wide" aria-labelledby="timeline-heading">
        <div class="panel-header">
          <h2 id="timeline-heading">New alerts by level</h2>
        </div>
        {data.alerts_over_time.buckets.length === 0 ? (
          <p class="muted overview-empty">No new alerts in this range.</p>
        ) : (
          <AlertsOverTime
            buckets={data.alerts_over_time.buckets}
            intervalMs={data.alerts_over_time.interval_ms}
            from={from}
            to={to}
            onSelectRange={onZoom}
          />
        )}
      </section>

      <section class="panel" aria-labelledby="rules-heading">
        <div class="panel-header">
          <h2 id="rules-heading">Top rules</h2>
          <span class="muted">by alerts</span>
        </div>
        <RankedBars
          unit="alerts"
          empty="No rule alerted in this range."
          items={data.top_rules.map((rule) => ({
            key: rule.rule_id,
            prefix: <LevelBadge level={rule.level} />,
            label: rule.title,
            href: linkTo("/alerts", { rule: rule.rule_id }, range),
            value: rule.alerts,
            detail: `${rule.hits.toLocaleString()} hits`,
          }))}
        />
      </section>

      <section class="panel" aria-labelledby="alert-hosts-heading">
        <div class="panel-header">
          <h2 id="alert-hosts-heading">Top hosts</h2>
          <span class="muted">by alerts</span>
        </div>
        <RankedBars
          unit="alerts"
          empty="No host alerted in this range."
          items={data.top_hosts.by_alerts.map((row) => ({
            key: hostLabel(row.host),
            label: hostLabel(row.host),
            href: row.host === null ? undefined : linkTo("/alerts", { host: row.host }, range),
            value: row.alerts,
            detail: `${row.hits.toLocaleString()} hits`,
          }))}
        />
      </section>

      <section class="panel" aria-labelledby="event-hosts-heading">
        <div class="panel-header">
          <h2 id="event-hosts-heading">Top hosts</h2>
          <span class="muted">by events</span>
        </div>
        <RankedBars
          unit="events"
          empty="No events in this range."
          items={data.top_hosts.by_events.map((row) => ({
            key: hostLabel(row.host),
            label: hostLabel(row.host),
            href: row.host === null ? undefined : linkTo("/events", { host: row.host }, range),
            value: row.events,
          }))}
        />
      </section>

      <section class="panel overview-wide" aria-labelledby="ingest-heading">
        <div class="panel-header">
          <h2 id="ingest-heading">Ingest volume per dataset</h2>
          <span class="muted">
            {plural(data.ingest.events, "event")} · {plural(data.ingest.batches.count, "agent batch", "agent batches")}{" "}
            received
          </span>
        </div>
        <RankedBars
          unit="events"
          empty="Nothing was ingested in this range."
          items={data.ingest.by_dataset.map((row) => ({
            key: row.dataset,
            label: <span class="mono">{row.dataset}</span>,
            href: linkTo("/events", { dataset: row.dataset }, range),
            value: row.events,
          }))}
        />
      </section>
    </div>
  );
}
