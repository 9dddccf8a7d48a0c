/** One list opened: its entries and description to edit, and a text or CSV file to import. */
import { useId, useState } from "preact/hooks";
import { type IpList, ipListsApi } from "../../api/ip-lists";
import { ErrorBanner } from "../../components/Feedback";
import { FormField, TextInput } from "../../components/FormField";
import { useAction } from "../../use-action";
import { ENTRIES_LABEL, entryLines } from "./entries";

interface Props {
  list: IpList;
  canWrite: boolean;
  onSaved: (list: IpList, message: string) => void;
  onClose: () => void;
}

export function IpListEditor({ list, canWrite, onSaved, onClose }: Props) {
  const id = useId();
  const [entries, setEntries] = useState(list.entries.join("\n"));
  const [description, setDescription] = useState(list.description);
  const [mode, setMode] = useState<"replace" | "append">("append");
  const { busy, failure, run } = useAction();

  const save = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      const saved = await ipListsApi.update(list.id, { entries: entryLines(entries), description: description.trim() });
      setEntries(saved.list.entries.join("\n"));
      onSaved(saved.list, `Saved ${list.name}: ${saved.list.entry_count.toLocaleString()} entries.`);
    });
  };

  const importFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    return run(async () => {
      const format = file.name.toLowerCase().endsWith(".csv") ? "csv" : "text";
      try {
        const result = await ipListsApi.importFile(list.id, { content: await file.text(), format, mode });
        setEntries(result.list.entries.join("\n"));
        onSaved(
          result.list,
          `Imported ${result.imported.toLocaleString()} entries from ${file.name} into ${list.name}.`,
        );
      } finally {
        // The same file may be chosen again after fixing it.
        input.value = "";
      }
    });
  };

  return (
    <form class="panel ip-list-editor" onSubmit={save} aria-labelledby={`${id}-heading`}>
      <div class="panel-header">
        <h2 id={`${id}-heading`}>
          <span class="mono">{list.name}</span> <span class={`ip-list-kind ${list.kind}`}>{list.kind}</span>
        </h2>
        <button type="button" class="button small" onClick={onClose}>
          Close
        </button>
      </div>
      <p class="muted form-help">
        In Sigma rules: <code>{`DestinationIp|expand|cidr: '%${list.name}%'`}</code>
        {list.kind === "allow" && (
          <>
            {" "}
            · in exceptions: value <code>{`@list:${list.name}`}</code>
          </>
        )}
      </p>
      <ErrorBanner error={failure} />
      <div class="form-grid">
        <FormField id={`${id}-description`} label="Description" class="form-wide">
          <TextInput id={`${id}-description`} value={description} readOnly={!canWrite} onValue={setDescription} />
        </FormField>
        <FormField id={`${id}-entries`} label={ENTRIES_LABEL} class="form-wide">
          <textarea
            id={`${id}-entries`}
            class="input mono ip-list-entries"
            rows={10}
            value={entries}
            readOnly={!canWrite}
            spellcheck={false}
            onInput={(e) => setEntries(e.currentTarget.value)}
          />
        </FormField>
      </div>
      {canWrite && (
        <div class="toolbar form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </button>
          <label class="button" for={`${id}-file`}>
            Import file…
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            class="visually-hidden"
            aria-label={`Import a text or CSV file into ${list.name}`}
            disabled={busy}
            onChange={(e) => importFile(e.currentTarget)}
          />
          <select
            aria-label="Import mode"
            value={mode}
            onChange={(e) => setMode(e.currentTarget.value === "replace" ? "replace" : "append")}
          >
            <option value="append">Import adds to the entries</option>
            <option value="replace">Import replaces the entries</option>
          </select>
          <span class="muted">Text: one entry a line, # comments. CSV: the first column.</span>
        </div>
      )}
    </form>
  );
}
