/** Confirms adding a value to the false-positive filter (POST /api/v1/exceptions), with an optional comment. */
import { useState } from "preact/hooks";
import { ApiError, errorText } from "../../api/client";
import { type AlertException, exceptionsApi } from "../../api/exceptions";
import { FormError } from "../../components/Feedback";
import { Modal } from "../../components/Modal";

interface AddExceptionDialogProps {
  field: string;
  value: string;
  onDone: (exception: AlertException | "exists") => void;
  onCancel: () => void;
}

export function AddExceptionDialog({ field, value, onDone, onCancel }: AddExceptionDialogProps) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const add = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    exceptionsApi.create({ field, value, comment: comment.trim() || "Added from the Events page" }).then(
      ({ exception }) => onDone(exception),
      (failure: unknown) => {
        setBusy(false);
        if (failure instanceof ApiError && failure.status === 409) onDone("exists");
        else setError(errorText(failure));
      },
    );
  };

  return (
    <Modal
      title="Add to the false-positive filter"
      onClose={onCancel}
      footer={
        <>
          <button type="button" class="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" form="add-exception-form" class="button primary" disabled={busy}>
            {busy ? "Adding…" : "Add exception"}
          </button>
        </>
      }
    >
      <form id="add-exception-form" class="form" onSubmit={add}>
        <p>Alerts of every rule where this field has this value will no longer be raised:</p>
        <dl class="facts exception-facts">
          <dt>Field</dt>
          <dd class="mono">{field}</dd>
          <dt>Value</dt>
          <dd class="mono exception-value">{value}</dd>
        </dl>
        <label class="field">
          <span>Comment (optional)</span>
          <input
            type="text"
            class="input"
            maxLength={1024}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </label>
        <FormError message={error} />
      </form>
    </Modal>
  );
}
