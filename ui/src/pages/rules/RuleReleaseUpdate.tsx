/**
 * Updating the SigmaHQ rules (/rules/update, admins): a release zip chosen here or a URL the Worker
 * fetches; its preview (what is added, changed, removed, what fails and why, which of this
 * deployment's own rules it touches and how they survive); then applying it, or going back to the
 * bundled release. Rule titles and paths come from the zip: shown as text, never markup.
 */
import { useState } from "preact/hooks";
import { errorText } from "../../api/client";
import {
  type ReleasePreview,
  type ReleaseRuleRef,
  type ReleaseSource,
  type ReleaseSummary,
  rulesApi,
} from "../../api/rules";
import { ErrorBanner, LevelBadge, Loading, SuccessNotice } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { useDocumentTitle } from "../../router";
import { useApi } from "../../use-api";
import "./rules.css";

function releaseLabel(release: ReleaseSummary): string {
  const files = `${release.files.toLocaleString()} files`;
  return release.source === "bundled" ? `${release.name} (bundled, ${files})` : `${release.name} (${files})`;
}

/** `linked`: the rules are in the catalogue already (changed, removed), so each links to its page. */
function RuleRefs({ title, rules, linked }: { title: string; rules: readonly ReleaseRuleRef[]; linked: boolean }) {
  if (rules.length === 0) return null;
  return (
    <details class="release-list">
      <summary>
        {title} ({rules.length.toLocaleString()})
      </summary>
      <ul>
        {rules.map((rule) => (
          <li key={rule.path}>
            <LevelBadge level={rule.level} />{" "}
            {linked && rule.id ? (
              <Link href={`/rules/${encodeURIComponent(rule.id)}`}>{rule.title ?? rule.id}</Link>
            ) : (
              (rule.title ?? rule.id ?? "(no id)")
            )}{" "}
            <span class="muted mono">{rule.path}</span> <span class="badge">{rule.pack ?? "no pack"}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function Preview({ preview }: { preview: ReleasePreview }) {
  const { counts } = preview;
  return (
    <section class="panel" aria-label="Preview of the update">
      <h2>
        {releaseLabel(preview.release)} over {releaseLabel(preview.current)}
      </h2>
      <p class="release-counts">
        {counts.added} added, {counts.changed} changed, {counts.removed} removed, {counts.unchanged.toLocaleString()}{" "}
        unchanged; {counts.failed} failing ({counts.newly_failing} newly failing)
      </p>
      <RuleRefs title="Added" rules={preview.added} linked={false} />
      <RuleRefs title="Changed" rules={preview.changed} linked />
      <RuleRefs title="Removed" rules={preview.removed} linked />
      {preview.failures.length > 0 && (
        <details class="release-list" open={preview.newly_failing.length > 0}>
          <summary>Failing files ({preview.failures.length})</summary>
          <ul>
            {preview.failures.map((failure, index) => (
              <li key={`${failure.path}:${index}`}>
                {preview.newly_failing.some((other) => other.path === failure.path) && (
                  <span class="badge status-open">newly failing</span>
                )}{" "}
                <span class="mono">
                  {failure.path}
                  {failure.line === null ? "" : `:${failure.line}`}
                </span>{" "}
                {failure.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.local.length > 0 && (
        <details class="release-list" open>
          <summary>Your own rules it touches ({preview.local.length})</summary>
          <ul>
            {preview.local.map((rule) => (
              <li key={rule.id}>
                <Link href={`/rules/${encodeURIComponent(rule.id)}`}>{rule.title ?? rule.id}</Link>: SigmaHQ{" "}
                {rule.upstream} it; {rule.outcome}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.not_shipped.map((folder) => (
        <p key={folder.folder} class="muted">
          Not shipped: {folder.folder}/ ({folder.files} files, in no pack)
        </p>
      ))}
      <p class="muted">Backtest: {preview.backtest.note}</p>
    </section>
  );
}

export function RuleReleaseUpdate() {
  useDocumentTitle("Update rules");
  const packs = useApi((signal) => rulesApi.packs({ signal }), []);
  const [file, setFile] = useState<File>();
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [preview, setPreview] = useState<ReleasePreview>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const source = (): ReleaseSource | undefined => {
    const named = name.trim() || undefined;
    if (file) return { zip: file, name: named };
    if (url.trim()) return { url: url.trim(), name: named };
    return undefined;
  };

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
    } catch (failure) {
      setError(new Error(`Could not ${what}: ${errorText(failure)}`));
    } finally {
      setBusy(undefined);
    }
  };

  const previewIt = () =>
    run("preview the release", async () => {
      const chosen = source();
      if (chosen === undefined) throw new Error("choose a zip or give its URL");
      setPreview(await rulesApi.previewRelease(chosen));
    });

  const applyIt = () =>
    run("apply the release", async () => {
      const chosen = source();
      if (chosen === undefined || preview?.release.digest == null) return;
      const applied = await rulesApi.applyRelease(chosen, preview.release.digest);
      setPreview(undefined);
      setNotice(`Applied ${applied.preview.release.name}: ${applied.rows_written} rule rows written.`);
      packs.reload();
    });

  const revert = () =>
    run("go back to the bundled release", async () => {
      const applied = await rulesApi.revertRelease();
      setPreview(undefined);
      setNotice(`Back to the bundled release: ${applied.rows_written} rule rows written.`);
      packs.reload();
    });

  const current = packs.data?.current_release;
  return (
    <>
      <div class="page-header">
        <div class="rule-heading">
          <Link href="/rules" class="muted">
            ← Rules
          </Link>
          <h1 class="page-title">Update rules</h1>
        </div>
      </div>
      <ErrorBanner error={packs.error} />
      {current && (
        <p>
          In use: SigmaHQ {releaseLabel(current)}
          {current.source === "stored" && (
            <>
              {" "}
              <button type="button" class="button small" onClick={revert} disabled={busy !== undefined}>
                Go back to the bundled release
              </button>
            </>
          )}
        </p>
      )}
      <section class="panel release-form" aria-label="Release to update to">
        <p class="muted">
          A SigmaHQ release zip (GitHub's archive of a tag, or a zip of the tree): its rules/, rules-emerging-threats/
          and rules-threat-hunting/ replace the bundled ones. Your edits, switches and exceptions stay; a rule SigmaHQ
          removed is kept disabled with a note.
        </p>
        <label>
          Release zip{" "}
          <input
            type="file"
            accept=".zip,application/zip"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0]);
              setPreview(undefined);
            }}
          />
        </label>
        <label>
          or its URL (https){" "}
          <input
            type="url"
            value={url}
            placeholder="https://github.com/SigmaHQ/sigma/archive/refs/tags/r2026-10-01.zip"
            disabled={file !== undefined}
            onInput={(e) => {
              setUrl(e.currentTarget.value);
              setPreview(undefined);
            }}
          />
        </label>
        <label>
          Name (optional) <input type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <div class="toolbar">
          <button type="button" class="button" onClick={previewIt} disabled={busy !== undefined}>
            Preview
          </button>
          {preview && (
            <button type="button" class="button primary" onClick={applyIt} disabled={busy !== undefined}>
              Apply {preview.release.name}
            </button>
          )}
        </div>
      </section>
      {busy && <Loading label={`${busy[0]?.toUpperCase()}${busy.slice(1)}…`} />}
      <SuccessNotice message={notice} />
      <ErrorBanner error={error} />
      {preview && <Preview preview={preview} />}
    </>
  );
}
