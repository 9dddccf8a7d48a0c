/** An import's per-file summary: what was read, stored and rejected (with why), and its alerts. */
import type { ImportFileSummary } from "../../api/imports";
import { type Column, DataTable } from "../../components/DataTable";

const n = (value: number) => value.toLocaleString();

const COLUMNS: Column<ImportFileSummary>[] = [
  { id: "file", header: "File", cell: (f) => <span class="mono">{f.file}</span>, class: "wrap" },
  { id: "format", header: "Format", cell: (f) => f.format, width: "6rem" },
  { id: "records", header: "Read", cell: (f) => n(f.records), class: "num", width: "6rem" },
  { id: "stored", header: "Stored", cell: (f) => n(f.stored), class: "num", width: "6rem" },
  { id: "rejected", header: "Rejected", cell: (f) => n(f.rejected), class: "num", width: "6rem" },
  { id: "alerts", header: "Alerts", cell: (f) => n(f.alerts), class: "num", width: "5rem" },
  {
    id: "notes",
    header: "Notes",
    class: "wrap",
    cell: (f) => (
      <ul class="import-notes">
        {f.reasons.map((r) => (
          <li key={r.reason}>
            {n(r.count)} rejected: {r.reason}
          </li>
        ))}
        {f.problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    ),
  },
];

export function ImportSummary({ files }: { files: readonly ImportFileSummary[] }) {
  const total = (key: "records" | "stored" | "rejected" | "alerts") => files.reduce((sum, f) => sum + f[key], 0);
  return (
    <>
      <p class="import-totals">
        {n(files.length)} files: {n(total("records"))} records read, {n(total("stored"))} stored, {n(total("rejected"))}{" "}
        rejected, {n(total("alerts"))} alerts
      </p>
      <DataTable label="Files imported" columns={COLUMNS} rows={files} rowKey={(f) => f.file} empty="No files." />
    </>
  );
}
