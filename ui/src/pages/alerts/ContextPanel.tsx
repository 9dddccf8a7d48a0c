/** The alert's context: the host's process tree and its events' timeline in the minutes around it. */
import { alertsApi } from "../../api/alerts";
import { ErrorBanner, Loading } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { enumParam, useQueryState } from "../../url-state";
import { useApi } from "../../use-api";
import { ProcessTreeChart } from "./ProcessTreeChart";
import { TimelineChart } from "./TimelineChart";

const WINDOWS = ["5", "15", "30", "60"] as const;
const minutesParam = enumParam(WINDOWS, "15");

export function ContextPanel({ alertId }: { alertId: number }) {
  const [minutes, setMinutes] = useQueryState("minutes", minutesParam);
  const context = useApi((signal) => alertsApi.context(alertId, Number(minutes), { signal }), [alertId, minutes]);
  const data = context.data;
  return (
    <section class="panel alert-context" aria-labelledby="alert-context-heading" aria-busy={context.loading}>
      <div class="panel-header">
        <h2 id="alert-context-heading">Context{data?.host ? ` on ${data.host}` : ""}</h2>
        <fieldset class="segmented bare-fieldset">
          <legend class="visually-hidden">Minutes around the alert</legend>
          {WINDOWS.map((value) => (
            <button
              key={value}
              type="button"
              class={value === minutes ? "segment active" : "segment"}
              aria-pressed={value === minutes}
              onClick={() => setMinutes(value)}
            >
              ±{value} min
            </button>
          ))}
        </fieldset>
      </div>
      <ErrorBanner error={context.error} onRetry={context.reload} />
      {!data && context.loading && <Loading />}
      {data && data.host === null && <p class="muted">This alert names no host, so it has no host context.</p>}
      {data && data.host !== null && (
        <>
          <h3>Process tree</h3>
          <ProcessTreeChart tree={data.tree} />
          <h3>
            Timeline <span class="muted">({data.events.length} events)</span>
          </h3>
          <TimelineChart context={data} />
          <p>
            <Link href={`/events?host=${encodeURIComponent(data.host)}&from=${data.from}&to=${data.to}`}>
              These events in Events
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
