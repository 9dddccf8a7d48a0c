/**
 * The alert's newest event, every field by its native name; a value's menu adds it to the
 * false-positive filter (for this rule or for every rule), so the next matching event raises nothing.
 */
import { useState } from "preact/hooks";
import type { AlertDetail } from "../../api/alerts";
import { ApiError } from "../../api/client";
import { exceptionsApi } from "../../api/exceptions";
import { ErrorBanner } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { Modal } from "../../components/Modal";
import { ValueMenu } from "../../components/ValueMenu";
import { eventHref } from "./links";

interface Draft {
  field: string;
  value: string;
}

export function MatchingEvent({ alert, canTriage }: { alert: AlertDetail; canTriage: boolean }) {
  const [draft, setDraft] = useState<Draft>();
  const [added, setAdded] = useState<string>();
  const event = alert.matching_event;
  return (
    <section class="panel alert-event" aria-labelledby="alert-event-heading">
      <div class="panel-header">
        <h2 id="alert-event-heading">Matching event</h2>
        {event && (
          <Link href={eventHref(event.id)} class="button small">
            Open in Events
          </Link>
        )}
      </div>
      {added && (
        <p class="success" role="status">
          {added} <Link href="/exceptions">See exceptions</Link>
        </p>
      )}
      {event === null ? (
        <p class="muted">The alert's events are no longer stored.</p>
      ) : (
        <table class="field-table" aria-label="Fields of the matching event">
          <tbody>
            {Object.entries(event.fields).map(([field, value]) => (
              <tr key={field}>
                <th scope="row" class="mono">
                  {field}
                </th>
                <td class="mono">
                  <ValueMenu
                    value={value}
                    field={field}
                    onAddException={canTriage ? () => setDraft({ field, value }) : undefined}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {draft && (
        <ExceptionDialog
          alert={alert}
          draft={draft}
          onClose={() => setDraft(undefined)}
          onAdded={(message) => {
            setAdded(message);
            setDraft(undefined);
          }}
        />
      )}
    </section>
  );
}

interface ExceptionDialogProps {
  alert: AlertDetail;
  draft: Draft;
  onClose: () => void;
  onAdded: (message: string) => void;
}

function ExceptionDialog({ alert, draft, onClose, onAdded }: ExceptionDialogProps) {
  const [scope, setScope] = useState<"rule" | "global">("rule");
  const [comment, setComment] = useState(`from alert ${alert.id}`);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const add = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await exceptionsApi.create({
        field: draft.field,
        value: draft.value,
        rule_id: scope === "rule" ? alert.rule.id : null,
        comment,
      });
      onAdded(`Added ${draft.field} = ${draft.value} to the false-positive filter.`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        onAdded(`${draft.field} = ${draft.value} is in the false-positive filter already.`);
      } else {
        setFailure(error);
        setBusy(false);
      }
    }
  };

  return (
    <Modal
      title="Add to the false-positive filter"
      onClose={onClose}
      footer={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="button primary" disabled={busy} onClick={add}>
            Add exception
          </button>
        </>
      }
    >
      <p>Events whose field matches this value (ignoring case) will no longer raise alerts.</p>
      <dl class="facts">
        <dt>Field</dt>
        <dd class="mono">{draft.field}</dd>
        <dt>Value</dt>
        <dd class="mono exception-value">{draft.value}</dd>
      </dl>
      <fieldset class="scope-choice">
        <legend>Applies to</legend>
        <label>
          <input type="radio" name="scope" checked={scope === "rule"} onChange={() => setScope("rule")} />
          This rule only ({alert.rule.title})
        </label>
        <label>
          <input type="radio" name="scope" checked={scope === "global"} onChange={() => setScope("global")} />
          Every rule
        </label>
      </fieldset>
      <label class="field">
        <span>Comment</span>
        <input
          type="text"
          class="input"
          value={comment}
          maxLength={1024}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
      </label>
      <ErrorBanner error={failure} />
    </Modal>
  );
}
