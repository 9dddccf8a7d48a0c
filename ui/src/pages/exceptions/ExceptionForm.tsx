/**
 * Adding one exception by hand: field, value, scope (every rule or one) and a comment. The form
 * starts from `?field=&value=&rule=` so another page can link to it filled in.
 */
import { useId, useState } from "preact/hooks";
import type { AlertException } from "../../api/exceptions";
import { exceptionsApi } from "../../api/exceptions";
import type { RuleListEntry } from "../../api/rules";
import { ErrorBanner } from "../../components/Feedback";
import { FormField, TextInput } from "../../components/FormField";
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
      <p class="muted form-help">
        A rule hit whose event has this field equal to this value (case ignored) raises no alert; the exception counts
        it instead.
      </p>
      <ErrorBanner error={failure} />
      <div class="form-grid">
        <FormField id={`${id}-field`} label="Field">
          <TextInput
            id={`${id}-field`}
            code
            list={`${id}-fields`}
            required
            value={field}
            placeholder="process.executable"
            onValue={setField}
          />
          <datalist id={`${id}-fields`}>
            {COMMON_FIELDS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </FormField>
        <FormField id={`${id}-value`} label="Value">
          <TextInput id={`${id}-value`} code required value={value} onValue={setValue} />
        </FormField>
        <FormField id={`${id}-scope`} label="Applies to">
          <select
            id={`${id}-scope`}
            class="input"
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value === "rule" ? "rule" : "global")}
          >
            <option value="global">Every rule</option>
            <option value="rule">One rule</option>
          </select>
        </FormField>
        {scope === "rule" && (
          <FormField id={`${id}-rule`} label="Rule id">
            <TextInput id={`${id}-rule`} code list={`${id}-rules`} required value={rule} onValue={setRule} />
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
          </FormField>
        )}
        <FormField id={`${id}-comment`} label="Comment" class="form-wide">
          <TextInput id={`${id}-comment`} value={comment} placeholder="Why this is not a threat" onValue={setComment} />
        </FormField>
      </div>
      <div class="toolbar form-actions">
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
