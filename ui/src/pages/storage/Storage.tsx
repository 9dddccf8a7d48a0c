/**
 * The store (admin): the D1 database's size against its limit (amber from 80%), the events it
 * holds and the retention in force, and the days archived to R2, each of which can be restored.
 */
import { useState } from "preact/hooks";
import { type ArchivedDay, type Storage as StorageData, storageApi } from "../../api/storage";
import { ErrorBanner, Loading, SuccessNotice } from "../../components/Feedback";
import { useDocumentTitle } from "../../router";
import { useAction } from "../../use-action";
import { useApi } from "../../use-api";
import "./storage.css";

const KEEP_DAYS = 7;

function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toLocaleString(undefined, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

const when = (iso: string | null) => (iso === null ? "—" : new Date(iso).toLocaleString());

export function Storage() {
  useDocumentTitle("Storage");
  const storage = useApi((signal) => storageApi.get({ signal }), []);
  const days = useApi((signal) => storageApi.archivedDays({ signal }), []);
  const reload = () => {
    storage.reload();
    days.reload();
  };

  return (
    <>
      <div class="page-header">
        <h1 class="page-title">Storage</h1>
        <div class="toolbar">
          <button type="button" class="button small" onClick={reload} disabled={storage.loading}>
            Refresh
          </button>
        </div>
      </div>
      <ErrorBanner error={storage.error} onRetry={storage.reload} />
      {storage.data === undefined && storage.loading && <Loading />}
      {storage.data && <Figures data={storage.data} />}
      <ArchivedDays days={days.data?.days} loading={days.loading} error={days.error} onRestored={reload} />
    </>
  );
}

function Figures({ data }: { data: StorageData }) {
  const { database, events, retention } = data;
  const percent = database.used_ratio === null ? null : database.used_ratio * 100;
  const warning = database.level === "warning";
  return (
    <div class="storage-grid">
      <section class={`panel storage-database${warning ? " storage-warning" : ""}`} aria-labelledby="db-heading">
        <div class="panel-header">
          <h2 id="db-heading">D1 database</h2>
          <span class="muted">limit {formatBytes(database.limit_bytes)}</span>
        </div>
        {database.size_bytes === null || percent === null ? (
          <p class="muted">D1 did not report the database's size.</p>
        ) : (
          <>
            <p class="storage-size" data-testid="storage-size">
              {formatBytes(database.size_bytes)} <span class="muted">of {formatBytes(database.limit_bytes)}</span>
            </p>
            <div class="storage-meter" aria-hidden="true">
              <div class="storage-meter-fill" style={{ width: `${Math.min(percent, 100)}%` }} />
            </div>
            <p class="storage-percent">{percent < 0.1 && percent > 0 ? "<0.1" : percent.toFixed(1)}% used</p>
            {warning && (
              <p class="storage-alert" role="alert">
                The database is past 80% of its limit. Lower RETENTION_DAYS, or let the retention cron catch up, before
                D1 refuses writes.
              </p>
            )}
          </>
        )}
      </section>

      <section class="panel" aria-labelledby="events-heading">
        <div class="panel-header">
          <h2 id="events-heading">Events and retention</h2>
        </div>
        <dl class="facts">
          <dt>Events stored</dt>
          <dd data-testid="storage-events">{events.count.toLocaleString()}</dd>
          <dt>Oldest event</dt>
          <dd>{when(events.oldest)}</dd>
          <dt>Newest event</dt>
          <dd>{when(events.newest)}</dd>
          <dt>Retention</dt>
          <dd data-testid="storage-retention">
            {retention.days} days (events received before {new Date(retention.cutoff).toISOString().slice(0, 10)} are
            archived)
          </dd>
          <dt>Archived days</dt>
          <dd data-testid="storage-archived">
            {data.archive.days === 0
              ? "none yet"
              : `${data.archive.days.toLocaleString()} (${data.archive.first_day} to ${data.archive.last_day})`}
          </dd>
        </dl>
      </section>
    </div>
  );
}

function ArchivedDays({
  days,
  loading,
  error,
  onRestored,
}: {
  days: ArchivedDay[] | undefined;
  loading: boolean;
  error: unknown;
  onRestored: () => void;
}) {
  const action = useAction();
  const [progress, setProgress] = useState<string>();

  const restore = (day: string) =>
    action.run(async () => {
      let after: string | undefined;
      let inserted = 0;
      let heldUntil = "";
      do {
        const answer = await storageApi.restore(day, { keep_days: KEEP_DAYS, ...(after ? { after } : {}) });
        inserted += answer.inserted;
        heldUntil = answer.held_until;
        after = answer.next ?? undefined;
        setProgress(`Restoring ${day}: ${inserted.toLocaleString()} events put back so far…`);
      } while (after);
      setProgress(
        `${day}: ${inserted.toLocaleString()} events put back, kept until ${new Date(heldUntil).toLocaleString()}.`,
      );
      onRestored();
    });

  return (
    <section class="panel storage-archive" aria-labelledby="archive-heading">
      <div class="panel-header">
        <h2 id="archive-heading">Archived days (R2)</h2>
        <span class="muted">restored days are kept {KEEP_DAYS} days</span>
      </div>
      <ErrorBanner error={error ?? action.failure} />
      <SuccessNotice message={progress} />
      {days === undefined && loading && <Loading />}
      {days && days.length === 0 && <p class="muted">Nothing archived yet.</p>}
      {days && days.length > 0 && (
        <ul class="storage-days">
          {days.map((row) => (
            <li key={row.day}>
              <span class="mono">{row.day}</span>
              {row.held_until && <span class="muted">restored, kept until {when(row.held_until)}</span>}
              <button
                type="button"
                class="button small"
                disabled={action.busy}
                onClick={() => restore(row.day)}
                aria-label={`Restore ${row.day}`}
              >
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
