/** Writing a new rule (/rules/new): pick its kind, start from a template, try it, create it. */
import { useState } from "preact/hooks";
import { type CompileError, compileErrors, type RuleKind, rulesApi } from "../../api/rules";
import { ErrorBanner } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { navigate, useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { enumParam, useQueryState } from "../../url-state";
import { BacktestPanel } from "./BacktestPanel";
import { RuleTestPanel } from "./RuleTestPanel";
import { RuleTextEditor } from "./RuleTextEditor";
import { KIND_LABELS, ruleTemplate } from "./rule-templates";
import "./rules.css";

const KINDS: readonly RuleKind[] = ["sigma", "simple"];
const kindParam = enumParam(KINDS, "sigma");

const KIND_HELP: Record<RuleKind, string> = {
  sigma: "A Sigma rule (YAML): title, id, logsource and detection. Correlation rules may refer to stored rules.",
  simple:
    "One line in PocketSIEM's format: - 'a*b%c' matches an event whose detail text contains a and b and not c; the comment sets level, tags and title.",
};

export function NewRule() {
  useDocumentTitle("New rule");
  const { user } = useSession();
  const [kind, setKind] = useQueryState("kind", kindParam);
  // The template stays in step with the kind until the person types into it.
  const [edited, setEdited] = useState<string>();
  const [templates] = useState(() => new Map(KINDS.map((k) => [k, ruleTemplate(k, user.username)])));
  const text = edited ?? templates.get(kind) ?? "";
  const [errors, setErrors] = useState<CompileError[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const create = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const { rule } = await rulesApi.create(kind, text);
      if (rule.id !== null) navigate(`/rules/${encodeURIComponent(rule.id)}`);
    } catch (error) {
      setErrors(compileErrors(error));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const chooseKind = (next: RuleKind) => {
    if (next === kind) return;
    setEdited(undefined);
    setErrors([]);
    setFailure(undefined);
    setKind(next);
  };

  return (
    <>
      <div class="page-header">
        <div class="rule-heading">
          <Link href="/rules" class="muted">
            ← Rules
          </Link>
          <h1 class="page-title">New rule</h1>
        </div>
      </div>
      <ErrorBanner error={failure} />
      <section class="panel" aria-labelledby="new-rule-heading">
        <div class="panel-header">
          <h2 id="new-rule-heading">Rule text</h2>
          <div class="toolbar">
            <fieldset class="segmented rule-kinds">
              <legend class="visually-hidden">Rule kind</legend>
              {KINDS.map((k) => (
                <button
                  key={k}
                  type="button"
                  class={k === kind ? "segment active" : "segment"}
                  aria-pressed={k === kind}
                  onClick={() => chooseKind(k)}
                >
                  {KIND_LABELS[k]}
                </button>
              ))}
            </fieldset>
            <button type="button" class="button primary small" onClick={create} disabled={busy || text.trim() === ""}>
              {busy ? "Creating…" : "Create rule"}
            </button>
          </div>
        </div>
        <p class="muted rule-kind-help">
          {KIND_HELP[kind]}
          {edited !== undefined && " Switching the kind replaces your text with that kind's template."}
        </p>
        <RuleTextEditor
          label="Rule text"
          value={text}
          onInput={setEdited}
          errors={errors}
          minRows={kind === "simple" ? 4 : 8}
        />
      </section>
      <RuleTestPanel kind={kind} text={text} onErrors={setErrors} />
      <BacktestPanel request={{ texts: [{ kind, text }] }} onErrors={setErrors} />
    </>
  );
}
