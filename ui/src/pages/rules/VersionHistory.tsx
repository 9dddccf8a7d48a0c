/** A stored rule's versions, newest first; one opens read-only in a dialog (`?version=N` keeps it in the URL). */
import type { RuleVersion } from "../../api/rules";
import { type Column, DataTable } from "../../components/DataTable";
import { Modal } from "../../components/Modal";
import { Time } from "../../components/Time";
import { stringParam, useQueryState } from "../../url-state";
import { RuleTextEditor } from "./RuleTextEditor";

const versionParam = stringParam();
const BUNDLED = "bundled";

interface VersionHistoryProps {
  versions: readonly RuleVersion[];
  /** The file's text when the rule is (or overrides) a bundled rule. */
  bundledText: string | null;
  /** Puts an old text into the editor, to save it again as the newest version; absent for viewers. */
  onRestore?: (text: string) => void;
}

export function VersionHistory({ versions, bundledText, onRestore }: VersionHistoryProps) {
  const [open, setOpen] = useQueryState("version", versionParam);
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const viewed =
    open === BUNDLED && bundledText !== null
      ? { title: "Bundled text", text: bundledText }
      : (() => {
          const version = versions.find((v) => String(v.version) === open);
          return version && { title: `Version ${version.version} (${version.change})`, text: version.text };
        })();

  const columns: Column<RuleVersion>[] = [
    { id: "version", header: "Version", cell: (v) => `v${v.version}`, width: "5.5rem" },
    { id: "change", header: "Change", cell: (v) => v.change, width: "6rem" },
    { id: "enabled", header: "State", cell: (v) => (v.enabled ? "enabled" : "disabled"), width: "6rem" },
    { id: "when", header: "When", cell: (v) => <Time value={v.changed_at} /> },
    { id: "by", header: "By", cell: (v) => (v.changed_by === null ? "—" : `user #${v.changed_by}`), width: "6rem" },
    {
      id: "view",
      header: <span class="visually-hidden">Open</span>,
      width: "5rem",
      cell: (v) => (
        <button type="button" class="button small" onClick={() => setOpen(String(v.version), { push: true })}>
          View
        </button>
      ),
    },
  ];

  return (
    <section class="panel" aria-labelledby="rule-history-heading">
      <div class="panel-header">
        <h2 id="rule-history-heading">Version history</h2>
        {bundledText !== null && (
          <button type="button" class="button small" onClick={() => setOpen(BUNDLED, { push: true })}>
            View bundled text
          </button>
        )}
      </div>
      <DataTable
        columns={columns}
        rows={newestFirst}
        rowKey={(v) => v.version}
        label="Versions"
        empty="Never changed: this is the bundled rule as shipped."
      />
      {viewed && (
        <Modal
          title={viewed.title}
          size="wide"
          onClose={() => setOpen("")}
          footer={
            onRestore && (
              <button
                type="button"
                class="button primary"
                onClick={() => {
                  onRestore(viewed.text);
                  setOpen("");
                }}
              >
                Load into editor
              </button>
            )
          }
        >
          <RuleTextEditor label={viewed.title} value={viewed.text} readOnly errors={[]} maxRows={24} />
        </Modal>
      )}
    </section>
  );
}
