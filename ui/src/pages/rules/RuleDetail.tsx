/**
 * One rule (/rules/:id): its facts and alerts, its text to edit (each save is a new version), its
 * compile errors at their lines, enable/disable, delete, trying it on recent events, and its history.
 */
import { useState } from "preact/hooks";
import { type CompileError, compileErrors, type RuleListEntry, rulesApi } from "../../api/rules";
import { ErrorBanner, LevelBadge, Loading, SuccessNotice } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { ConfirmDialog } from "../../components/Modal";
import { Time } from "../../components/Time";
import { hasRole } from "../../roles";
import { navigate, useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { useApi } from "../../use-api";
import { BacktestPanel } from "./BacktestPanel";
import { RuleTags } from "./RuleTags";
import { RuleTestPanel } from "./RuleTestPanel";
import { RuleTextEditor } from "./RuleTextEditor";
import { KIND_LABELS } from "./rule-templates";
import { VersionHistory } from "./VersionHistory";
import "./rules.css";

type Busy = "save" | "toggle" | "delete" | undefined;

/** Ctrl+S / ⌘S saves, as in any editor. */
function isSaveKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s";
}

export function RuleDetail({ id }: { id: string }) {
  const { user } = useSession();
  const canWrite = hasRole(user.role, "analyst");
  const rule = useApi((signal) => rulesApi.get(id, { signal }), [id]);
  const [draft, setDraft] = useState<string>();
  const [errors, setErrors] = useState<CompileError[]>();
  const [busy, setBusy] = useState<Busy>();
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  useDocumentTitle(rule.data?.rule.title ?? `Rule ${id}`);

  if (!rule.data) {
    return (
      <>
        <h1 class="page-title">Rule</h1>
        {rule.loading ? <Loading /> : <ErrorBanner error={rule.error} onRetry={rule.reload} />}
      </>
    );
  }

  const { rule: entry, text: savedText, bundled_text: bundledText, versions } = rule.data;
  const text = draft ?? savedText;
  const dirty = text !== savedText;
  const shownErrors = errors ?? entry.errors;

  const act = async (what: Busy, action: () => Promise<string | undefined>) => {
    setBusy(what);
    setFailure(undefined);
    setNotice(undefined);
    try {
      const message = await action();
      if (message !== undefined) setNotice(message);
    } catch (error) {
      const lines = compileErrors(error);
      if (lines.length > 0) setErrors(lines);
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };

  const save = () =>
    act("save", async () => {
      const answer = await rulesApi.update(id, text);
      setErrors([]);
      setDraft(undefined);
      rule.reload();
      return answer.changed ? `Saved as version ${answer.rule.version}.` : "No change to save.";
    });

  const toggle = () =>
    act("toggle", async () => {
      const answer = await rulesApi.setEnabled(id, !entry.enabled);
      rule.reload();
      return answer.rule.enabled ? "Enabled: it runs on the next ingest batch." : "Disabled: it no longer alerts.";
    });

  const remove = () =>
    act("delete", async () => {
      const answer = await rulesApi.remove(id);
      setConfirmDelete(false);
      if (!answer.bundled_rule_restored) {
        navigate("/rules");
        return undefined;
      }
      setDraft(undefined);
      setErrors(undefined);
      rule.reload();
      return "Your changes were deleted; the bundled rule is back.";
    });

  return (
    <>
      <div class="page-header">
        <div class="rule-heading">
          <Link href="/rules" class="muted">
            ← Rules
          </Link>
          <h1 class="page-title">{entry.title ?? id}</h1>
          <div class="rule-badges">
            <LevelBadge level={entry.level} />
            <span class="badge">{KIND_LABELS[entry.kind]}</span>
            <span class={entry.enabled ? "badge status-closed" : "badge"}>
              {entry.enabled ? "enabled" : "disabled"}
            </span>
            {entry.status === "failed" && <span class="badge status-open">does not compile</span>}
          </div>
        </div>
        {canWrite && (
          <div class="toolbar">
            <button type="button" class="button" onClick={toggle} disabled={busy !== undefined}>
              {entry.enabled ? "Disable" : "Enable"}
            </button>
            {entry.origin !== "bundled" && (
              <button
                type="button"
                class="button danger"
                onClick={() => setConfirmDelete(true)}
                disabled={busy !== undefined}
              >
                Delete
              </button>
            )}
          </div>
        )}
      </div>

      <SuccessNotice message={notice} />
      <ErrorBanner error={failure} />
      {entry.note && (
        <p class="rule-note" role="note">
          {entry.note}
        </p>
      )}

      <section class="panel" aria-label="About this rule">
        <dl class="facts rule-facts">
          <dt>Id</dt>
          <dd class="mono">{id}</dd>
          <dt>Origin</dt>
          <dd>
            {entry.origin}
            {entry.path && <span class="muted mono">{entry.path}</span>}
            {entry.overrides_bundled && <span class="muted">(edited copy of a bundled rule)</span>}
          </dd>
          {entry.file_id && (
            <>
              <dt>File</dt>
              <dd>
                a later rule of the file of{" "}
                <Link href={`/rules/${encodeURIComponent(entry.file_id)}`} class="mono">
                  {entry.file_id}
                </Link>
                <span class="muted">: its text, versions and switches are that file's</span>
              </dd>
            </>
          )}
          <dt>Version</dt>
          <dd>
            {entry.version === null ? "as shipped" : `v${entry.version}`}
            {entry.updated_at && (
              <span class="muted">
                updated <Time value={entry.updated_at} relative />
              </span>
            )}
          </dd>
          <dt>Alerts</dt>
          <dd>
            <AlertCounts rule={entry} />
          </dd>
          <dt>Tags</dt>
          <dd>
            <RuleTags tags={entry.tags} />
          </dd>
        </dl>
      </section>

      <section
        class="panel"
        aria-labelledby="rule-text-heading"
        onKeyDown={(event) => {
          if (canWrite && isSaveKey(event)) {
            event.preventDefault();
            if (dirty && busy === undefined) save();
          }
        }}
      >
        <div class="panel-header">
          <h2 id="rule-text-heading">Rule text</h2>
          {canWrite && (
            <div class="toolbar">
              {dirty && <span class="muted">Unsaved changes</span>}
              <button
                type="button"
                class="button small"
                onClick={() => {
                  setDraft(undefined);
                  setErrors(undefined);
                }}
                disabled={!dirty || busy !== undefined}
              >
                Revert
              </button>
              <button type="button" class="button primary small" onClick={save} disabled={!dirty || busy !== undefined}>
                {busy === "save" ? "Saving…" : "Save"}
              </button>
            </div>
          )}
        </div>
        <RuleTextEditor
          label="Rule text"
          value={text}
          onInput={canWrite ? setDraft : undefined}
          readOnly={!canWrite}
          errors={shownErrors}
        />
      </section>

      {canWrite && <RuleTestPanel kind={entry.kind} text={text} onErrors={setErrors} />}

      {canWrite && (
        <BacktestPanel
          request={dirty ? { texts: [{ kind: entry.kind, text }] } : { rules: [id] }}
          hint={backtestHint(entry.enabled, dirty)}
          onErrors={setErrors}
        />
      )}

      <VersionHistory versions={versions} bundledText={bundledText} onRestore={canWrite ? setDraft : undefined} />

      {confirmDelete && (
        <ConfirmDialog
          title="Delete this rule?"
          message={
            entry.overrides_bundled
              ? "Your edited copy is deleted; the bundled rule as shipped takes its place again."
              : `"${entry.title ?? id}" stops alerting and disappears from the list. Its alerts are kept.`
          }
          confirmLabel="Delete rule"
          danger
          busy={busy === "delete"}
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
    </>
  );
}

function backtestHint(enabled: boolean, dirty: boolean): string {
  if (dirty) return "Runs the text being edited, unsaved, as it would have alerted.";
  return enabled
    ? "Runs the saved rule over the stored events, as it would have alerted."
    : "Disabled: see what it would have raised before enabling it.";
}

function AlertCounts({ rule }: { rule: RuleListEntry }) {
  if (rule.alerts.total === 0) return <span class="muted">none yet</span>;
  return (
    <>
      <Link href={`/alerts?rule=${encodeURIComponent(rule.id ?? "")}`}>
        {rule.alerts.total.toLocaleString()} {rule.alerts.total === 1 ? "alert" : "alerts"}
      </Link>
      <span class="muted">
        {rule.alerts.open.toLocaleString()} open · last <Time value={rule.alerts.last_seen} relative />
      </span>
    </>
  );
}
