/** Changing the alert's status and assignee (analysts and admins); viewers see them read-only. */
import { useState } from "preact/hooks";
import { ALERT_STATUSES, type AlertChanges, type AlertDetail, type AlertStatus } from "../../api/alerts";
import { StatusBadge } from "../../components/Feedback";

const ACTIONS: Record<AlertStatus, string> = {
  open: "Reopen",
  acknowledged: "Acknowledge",
  closed: "Close",
  false_positive: "False positive",
};

interface TriagePanelProps {
  alert: AlertDetail;
  me: string;
  canTriage: boolean;
  busy: boolean;
  onChange: (changes: AlertChanges) => void;
}

export function TriagePanel({ alert, me, canTriage, busy, onChange }: TriagePanelProps) {
  const [assignee, setAssignee] = useState("");
  return (
    <section class="panel alert-triage" aria-labelledby="alert-triage-heading">
      <h2 id="alert-triage-heading">Triage</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={alert.status} />
        </dd>
        <dt>Assignee</dt>
        <dd>{alert.assignee ?? <span class="muted">nobody</span>}</dd>
      </dl>
      {canTriage && (
        <>
          <fieldset class="toolbar bare-fieldset">
            <legend class="visually-hidden">Set status</legend>
            {ALERT_STATUSES.filter((status) => status !== alert.status).map((status) => (
              <button
                key={status}
                type="button"
                class={status === "acknowledged" ? "button small primary" : "button small"}
                disabled={busy}
                onClick={() => onChange({ status })}
              >
                {ACTIONS[status]}
              </button>
            ))}
          </fieldset>
          <div class="toolbar">
            {alert.assignee !== me && (
              <button type="button" class="button small" disabled={busy} onClick={() => onChange({ assignee: me })}>
                Assign to me
              </button>
            )}
            {alert.assignee !== null && (
              <button type="button" class="button small" disabled={busy} onClick={() => onChange({ assignee: null })}>
                Unassign
              </button>
            )}
          </div>
          <form
            class="toolbar"
            onSubmit={(event) => {
              event.preventDefault();
              if (assignee.trim() === "") return;
              onChange({ assignee: assignee.trim() });
              setAssignee("");
            }}
          >
            <input
              type="text"
              aria-label="Assign to user"
              placeholder="Username"
              autoComplete="off"
              value={assignee}
              onInput={(event) => setAssignee(event.currentTarget.value)}
            />
            <button type="submit" class="button small" disabled={busy || assignee.trim() === ""}>
              Assign
            </button>
          </form>
        </>
      )}
    </section>
  );
}
