/**
 * Imports (/imports): log files brought in at once, by the import command or here. Analysts drop
 * files or a folder (EVTX, JSON/NDJSON, Zeek, syslog, .zip/.gz of those); everyone sees the list,
 * each import's totals counted from its stored events, with links to its events and alerts.
 */
import { useState } from "preact/hooks";
import { type ImportEntity, importAlertsHref, importEventsHref, importsApi } from "../../api/imports";
import { type Column, DataTable } from "../../components/DataTable";
import { Link } from "../../components/Link";
import { Time } from "../../components/Time";
import { hasRole } from "../../roles";
import { useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { useApi } from "../../use-api";
import { fromDrop, fromInput, type Picked } from "./dropped-files";
import { ImportRun } from "./ImportRun";
import { ImportSummary } from "./ImportSummary";
import "./imports.css";

const MB = 1024 * 1024;

const COLUMNS: Column<ImportEntity>[] = [
  { id: "name", header: "Name", cell: (i) => i.name, class: "wrap" },
  {
    id: "status",
    header: "Status",
    cell: (i) => <span class={`badge import-${i.status}`}>{i.status}</span>,
    width: "6rem",
  },
  { id: "files", header: "Files", cell: (i) => i.files.length.toLocaleString(), class: "num", width: "5rem" },
  {
    id: "events",
    header: "Events",
    cell: (i) => (
      <Link href={importEventsHref(i.id, i.first_event_at, i.last_event_at)}>{i.events.toLocaleString()}</Link>
    ),
    class: "num",
    width: "6rem",
  },
  {
    id: "alerts",
    header: "Alerts",
    cell: (i) => (
      <Link href={importAlertsHref(i.id, i.first_event_at, i.last_event_at)}>{i.alerts.toLocaleString()}</Link>
    ),
    class: "num",
    width: "5rem",
  },
  { id: "by", header: "By", cell: (i) => <span class="mono">{i.created_by}</span>, width: "10rem" },
  { id: "created", header: "Started", cell: (i) => <Time value={i.created_at} relative />, width: "8rem" },
];

function defaultName(picked: Picked): string {
  const first = picked.files[0]?.path ?? "import";
  const top = first.includes("/") ? first.slice(0, first.indexOf("/")) : first;
  return picked.files.length === 1 ? first : top;
}

function Picker({ onRun }: { onRun: (name: string, picked: Picked) => void }) {
  const [picked, setPicked] = useState<Picked>();
  const [name, setName] = useState("");
  const [over, setOver] = useState(false);
  const choose = (next: Picked) => {
    setPicked(next);
    setName(defaultName(next));
  };
  const bytes = picked?.files.reduce((sum, f) => sum + f.file.size, 0) ?? 0;
  return (
    <section class="import-picker" aria-label="New import">
      {/* Dropping is one way in; the two buttons inside do the same from the keyboard. */}
      <section
        aria-label="Drop files here"
        class={over ? "import-drop over" : "import-drop"}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          if (event.dataTransfer) void fromDrop(event.dataTransfer).then(choose);
        }}
      >
        <p>Drop log files or a folder here: EVTX, JSON or NDJSON, Zeek logs, syslog files, and .zip or .gz of those.</p>
        <label class="button">
          Choose files
          <input
            type="file"
            multiple
            class="visually-hidden"
            aria-label="Choose files"
            onChange={(e) => e.currentTarget.files && choose(fromInput(e.currentTarget.files))}
          />
        </label>{" "}
        <label class="button">
          Choose a folder
          <input
            type="file"
            class="visually-hidden"
            aria-label="Choose a folder"
            {...{ webkitdirectory: true }}
            onChange={(e) => e.currentTarget.files && choose(fromInput(e.currentTarget.files))}
          />
        </label>
      </section>
      {picked && (
        <form
          class="import-confirm"
          onSubmit={(event) => {
            event.preventDefault();
            onRun(name.trim() || defaultName(picked), picked);
            setPicked(undefined);
          }}
        >
          <p role="status">
            {picked.files.length.toLocaleString()} files, {(bytes / MB).toFixed(1)} MB
            {picked.skipped.length > 0 &&
              ` (${picked.skipped.length.toLocaleString()} files that are not logs left out)`}
          </p>
          <label>
            Name <input value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
          </label>{" "}
          <button type="submit" class="button primary" disabled={picked.files.length === 0}>
            Import
          </button>
        </form>
      )}
    </section>
  );
}

export function Imports() {
  useDocumentTitle("Imports");
  const { user } = useSession();
  const [run, setRun] = useState<{ key: number; name: string; picked: Picked }>();
  const [openId, setOpenId] = useState<string>();
  const imports = useApi((signal) => importsApi.list({ signal }), []);
  const rows = imports.data?.imports ?? [];
  const open = rows.find((i) => i.id === openId);
  return (
    <div class="imports-page">
      <div class="page-header">
        <h1 class="page-title">Imports</h1>
      </div>
      {hasRole(user.role, "analyst") &&
        (run === undefined ? (
          <Picker onRun={(name, picked) => setRun({ key: Date.now(), name, picked })} />
        ) : (
          <div class="import-running">
            <ImportRun key={run.key} name={run.name} files={run.picked.files} onFinished={imports.reload} />
            <button type="button" class="button small" onClick={() => setRun(undefined)}>
              New import
            </button>
          </div>
        ))}
      <DataTable
        label="Imports"
        columns={COLUMNS}
        rows={rows}
        rowKey={(i) => i.id}
        loading={imports.loading}
        error={imports.error}
        onRetry={imports.reload}
        onRowClick={(i) => setOpenId(i.id === openId ? undefined : i.id)}
        selectedKey={openId}
        empty="No imports yet."
      />
      {open && (
        <section class="import-detail" aria-label={`Import ${open.name}`}>
          <h2>{open.name}</h2>
          <ImportSummary files={open.files} />
        </section>
      )}
    </div>
  );
}
