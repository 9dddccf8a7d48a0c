import { useCallback, useEffect, useState } from "preact/hooks";
import { authApi as api, type Health } from "../api/auth";

type HealthState =
  | { kind: "loading" }
  | { kind: "ok"; health: Health; checkedAt: Date }
  | { kind: "error"; message: string; checkedAt: Date };

/** What GET /api/v1/health says about the running Worker and its database. */
export function StatusPanel() {
  const [state, setState] = useState<HealthState>({ kind: "loading" });

  const check = useCallback(async () => {
    setState({ kind: "loading" });
    try {
      setState({ kind: "ok", health: await api.health(), checkedAt: new Date() });
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      setState({ kind: "error", message, checkedAt: new Date() });
    }
  }, []);

  useEffect(() => {
    check();
  }, [check]);

  return (
    <section class="panel" aria-labelledby="status-heading" aria-busy={state.kind === "loading"}>
      <div class="panel-header">
        <h2 id="status-heading">Status</h2>
        <button type="button" class="button small" onClick={check} disabled={state.kind === "loading"}>
          Refresh
        </button>
      </div>
      {state.kind === "loading" && <p class="muted">Checking…</p>}
      {state.kind === "error" && (
        <p role="alert" class="error">
          {state.message}
        </p>
      )}
      {state.kind === "ok" && (
        <dl class="facts">
          <dt>Service</dt>
          <dd>
            <Indicator good={state.health.ok} />
            {state.health.ok ? "Running" : "Degraded"}
          </dd>
          <dt>Database</dt>
          <dd>
            <Indicator good={state.health.database === "ok"} />
            {state.health.database === "ok" ? "OK" : state.health.database}
          </dd>
          <dt>Version</dt>
          <dd class="mono">{state.health.version}</dd>
          <dt>Checked</dt>
          <dd>
            <time dateTime={state.checkedAt.toISOString()}>{state.checkedAt.toLocaleTimeString()}</time>
          </dd>
        </dl>
      )}
    </section>
  );
}

function Indicator({ good }: { good: boolean }) {
  return <span class={good ? "dot dot-good" : "dot dot-bad"} aria-hidden="true" />;
}
