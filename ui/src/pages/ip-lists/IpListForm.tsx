/** The "new list" form: name (the rule placeholder), kind, description and first entries. */
import { useId, useState } from "preact/hooks";
import { type IpList, type IpListKind, ipListsApi } from "../../api/ip-lists";
import { ErrorBanner } from "../../components/Feedback";
import { FormField, TextInput } from "../../components/FormField";
import { useAction } from "../../use-action";
import { ENTRIES_LABEL, entryLines } from "./entries";

export function IpListForm({ onCreated, onCancel }: { onCreated: (list: IpList) => void; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<IpListKind>("deny");
  const [description, setDescription] = useState("");
  const [entries, setEntries] = useState("");
  const { busy, failure, run } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const { list } = await ipListsApi.create({
        name: name.trim(),
        kind,
        description: description.trim(),
        entries: entryLines(entries),
      });
      onCreated(list);
    });
  };

  return (
    <form class="panel ip-list-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <div class="panel-header">
        <h2 id={`${id}-heading`}>New IP list</h2>
      </div>
      <ErrorBanner error={failure} />
      <div class="form-grid">
        <FormField id={`${id}-name`} label="Name">
          <TextInput
            id={`${id}-name`}
            code
            required
            pattern="[A-Za-z0-9_]{1,64}"
            title="Letters, digits and _"
            placeholder="deny_ips"
            value={name}
            onValue={setName}
          />
        </FormField>
        <FormField id={`${id}-kind`} label="Kind">
          <select
            id={`${id}-kind`}
            class="input"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value === "allow" ? "allow" : "deny")}
          >
            <option value="deny">Deny</option>
            <option value="allow">Allow</option>
          </select>
        </FormField>
        <FormField id={`${id}-description`} label="Description" class="form-wide">
          <TextInput
            id={`${id}-description`}
            value={description}
            placeholder="Known dropper hosts"
            onValue={setDescription}
          />
        </FormField>
        <FormField id={`${id}-entries`} label={ENTRIES_LABEL} class="form-wide">
          <textarea
            id={`${id}-entries`}
            class="input mono"
            rows={4}
            value={entries}
            spellcheck={false}
            onInput={(e) => setEntries(e.currentTarget.value)}
          />
        </FormField>
      </div>
      <div class="toolbar form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Creating…" : "Create list"}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
