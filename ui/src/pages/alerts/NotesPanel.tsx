/** The alert's notes (append-only) and its history, newest first: who changed status or assignee, and how. */
import { useState } from "preact/hooks";
import type { AlertDetail, AlertHistoryEntry } from "../../api/alerts";
import { Time } from "../../components/Time";

const statusText = (value: string | null) => (value === null ? "none" : value.replace("_", " "));

function describeChange(entry: AlertHistoryEntry): string {
  if (entry.field === "status") return `changed the status from ${statusText(entry.from)} to ${statusText(entry.to)}`;
  if (entry.to === null) return `unassigned ${entry.from ?? "the alert"}`;
  return entry.from === null ? `assigned it to ${entry.to}` : `reassigned it from ${entry.from} to ${entry.to}`;
}

interface NotesPanelProps {
  alert: AlertDetail;
  canTriage: boolean;
  busy: boolean;
  onAddNote: (text: string) => Promise<boolean>;
}

export function NotesPanel({ alert, canTriage, busy, onAddNote }: NotesPanelProps) {
  const [draft, setDraft] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    if (draft.trim() === "") return;
    if (await onAddNote(draft.trim())) setDraft("");
  };
  return (
    <>
      <section class="panel alert-notes" aria-labelledby="alert-notes-heading">
        <h2 id="alert-notes-heading">Notes</h2>
        {alert.notes.length === 0 ? (
          <p class="muted">No notes yet.</p>
        ) : (
          <ol class="note-list">
            {alert.notes.map((note) => (
              <li key={note.id}>
                <p class="note-meta muted">
                  <strong>{note.author}</strong> · <Time value={note.created_at} relative />
                </p>
                <p class="note-text">{note.text}</p>
              </li>
            ))}
          </ol>
        )}
        {canTriage && (
          <form class="note-form" onSubmit={submit}>
            <textarea
              aria-label="New note"
              placeholder="What did you find?"
              rows={3}
              value={draft}
              onInput={(event) => setDraft(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
              }}
            />
            <button type="submit" class="button small primary" disabled={busy || draft.trim() === ""}>
              Add note
            </button>
          </form>
        )}
      </section>
      <section class="panel alert-history" aria-labelledby="alert-history-heading">
        <h2 id="alert-history-heading">History</h2>
        <ol class="history-list">
          {[...alert.history].reverse().map((entry) => (
            <li key={entry.id}>
              <Time value={entry.at} /> <strong>{entry.actor}</strong> {describeChange(entry)}
            </li>
          ))}
          <li>
            <Time value={alert.created_at} /> <strong>EdgeSIEM</strong> raised the alert
          </li>
        </ol>
      </section>
    </>
  );
}
