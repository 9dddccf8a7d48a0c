/** The "new list" form: name (the rule placeholder), kind, description and first entries. */
import { useId, useState } from "preact/hooks";
import { type IpList, type IpListKind, ipListsApi } from "../../api/ip-lists";
import { ErrorBanner } from "../../components/Feedback";
import { useAction } from "../../use-action";
import { entryLines } from "./entries";

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
      <div class="ip-list-fields">
        <div class="field">
          <label for={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            class="input mono"
            required
            pattern="[A-Za-z0-9_]{1,64}"
            title="Letters, digits and _"
            placeholder="deny_ips"
            value={name}
            spellcheck={false}
            autoComplete="off"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${id}-kind`}>Kind</label>
          <select
            id={`${id}-kind`}
            class="input"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value === "allow" ? "allow" : "deny")}
          >
            <option value="deny">Deny</option>
            <option value="allow">Allow</option>
          </select>
        </div>
        <div class="field ip-list-wide">
          <label for={`${id}-description`}>Description</label>
          <input
            id={`${id}-description`}
            class="input"
            value={description}
            placeholder="Known dropper hosts"
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
        <div class="field ip-list-wide">
          <label for={`${id}-entries`}>Entries (one address or CIDR network a line)</label>
          <textarea
            id={`${id}-entries`}
            class="input mono"
            rows={4}
            value={entries}
            spellcheck={false}
            onInput={(e) => setEntries(e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="toolbar ip-list-actions">
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
