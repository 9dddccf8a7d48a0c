/**
 * Adding one exception by hand: field, value, scope (every rule or one) and a comment. The form
 * starts from `?field=&value=&rule=` so another page can link to it filled in.
 */
import { useId, useState } from "preact/hooks";
import type { AlertException } from "../../api/exceptions";
import { exceptionsApi } from "../../api/exceptions";
import type { RuleListEntry } from "../../api/rules";
import { ErrorBanner } from "../../components/Feedback";
import { useAction } from "../../use-action";

/** Fields people most often filter out; any field name the events carry works. */
const COMMON_FIELDS = [
  "process.executable",
  "process.command_line",
  "process.parent.executable",
  "user.name",
  "host.name",
  "source.ip",
  "destination.ip",
  "destination.port",
  "Image",
  "CommandLine",
  "ParentImage",
  "User",
  "TargetFilename",
  "QueryName",
];

export interface ExceptionDraft {
  field: string;
  value: string;
  rule: string;
}

interface ExceptionFormProps {
  initial: ExceptionDraft;
  rules: readonly RuleListEntry[];
  onCreated: (exception: AlertException) => void;
  onCancel: () => void;
}

export function ExceptionForm({ initial, rules, onCreated, onCancel }: ExceptionFormProps) {
  const id = useId();
  const [field, setField] = useState(initial.field);
  const [value, setValue] = useState(initial.value);
  const [scope, setScope] = useState<"global" | "rule">(initial.rule ? "rule" : "global");
  const [rule, setRule] = useState(initial.rule);
  const [comment, setComment] = useState("");
  const { busy, failure, run } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const { exception } = await exceptionsApi.create({
        field: field.trim(),
        value,
        rule_id: scope === "rule" ? rule.trim() : null,
        comment: comment.trim(),
      });
      onCreated(exception);
    });
  };

  return (
    <form class="panel exception-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <div class="panel-header">
        <h2 id={`${id}-heading`}>Add an exception</h2>
      </div>
      <p class="muted exception-help">
        A rule hit whose event has this field equal to this value (case ignored) raises no alert; the exception counts
        it instead.
      </p>
      <ErrorBanner error={failure} />
      <div class="exception-fields">
        <div class="field">
          <label for={`${id}-field`}>Field</label>
          <input
            id={`${id}-field`}
            class="input mono"
            list={`${id}-fields`}
            required
            value={field}
            placeholder="process.executable"
            spellcheck={false}
            autoComplete="off"
            onInput={(e) => setField(e.currentTarget.value)}
          />
          <datalist id={`${id}-fields`}>
            {COMMON_FIELDS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for={`${id}-value`}>Value</label>
          <input
            id={`${id}-value`}
            class="input mono"
            required
            value={value}
            spellcheck={false}
            autoComplete="off"
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${id}-scope`}>Applies to</label>
          <select
            id={`${id}-scope`}
            class="input"
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value === "rule" ? "rule" : "global")}
          >
            <option value="global">Every rule</option>
            <option value="rule">One rule</option>
          </select>
        </div>
        {scope === "rule" && (
          <div class="field">
            <label for={`${id}-rule`}>Rule id</label>
            <input
              id={`${id}-rule`}
              class="input mono"
              list={`${id}-rules`}
              required
              value={rule}
              spellcheck={false}
              autoComplete="off"
              onInput={(e) => setRule(e.currentTarget.value)}
            />
            <datalist id={`${id}-rules`}>
              {rules.map(
                (r) =>
                  r.id !== null && (
                    <option key={r.id} value={r.id}>
                      {r.title ?? r.id}
                    </option>
                  ),
              )}
            </datalist>
          </div>
        )}
        <div class="field exception-comment">
          <label for={`${id}-comment`}>Comment</label>
          <input
            id={`${id}-comment`}
            class="input"
            value={comment}
            placeholder="Why this is not a threat"
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="toolbar exception-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Adding…" : "Add exception"}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
