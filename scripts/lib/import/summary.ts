/** The import command's closing summary: per file, then in all, or the same as JSON with --json. */

import type { ImportResult } from "../../../worker/formats/log-files/run-import.ts";
import type { ImportFileSummary } from "../../../worker/model/wire/imports.ts";

interface Totals {
  files: number;
  records: number;
  stored: number;
  rejected: number;
  alerts: number;
}

function totalsOf(files: readonly ImportFileSummary[]): Totals {
  return files.reduce<Totals>(
    (sum, file) => ({
      files: sum.files + 1,
      records: sum.records + file.records,
      stored: sum.stored + file.stored,
      rejected: sum.rejected + file.rejected,
      alerts: sum.alerts + file.alerts,
    }),
    { files: 0, records: 0, stored: 0, rejected: 0, alerts: 0 },
  );
}

const n = (value: number) => value.toLocaleString("en");

export function printSummary(result: ImportResult, url: string, json: boolean): void {
  const totals = totalsOf(result.files);
  const links = {
    events: `${url}/events?import=${result.importId}`,
    alerts: `${url}/alerts?import=${result.importId}`,
  };
  if (json) {
    console.log(
      JSON.stringify(
        {
          import_id: result.importId,
          resumed: result.resumed,
          cancelled: result.cancelled,
          totals,
          files: result.files,
          links,
        },
        null,
        2,
      ),
    );
    return;
  }
  const rows = result.files.map((file) => [
    file.file,
    file.format,
    n(file.records),
    n(file.stored),
    n(file.rejected),
    n(file.alerts),
  ]);
  const header = ["file", "format", "read", "stored", "rejected", "alerts"];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const file of result.files) {
    for (const reason of file.reasons) console.log(`  ${file.file}: ${n(reason.count)} rejected: ${reason.reason}`);
    for (const problem of file.problems) console.log(`  ${file.file}: ${problem}`);
  }
  const state = result.cancelled
    ? "stopped (run the same command again to resume)"
    : result.resumed
      ? "resumed and done"
      : "done";
  console.log(
    `\nimport ${result.importId} ${state}: ${n(totals.files)} files, ${n(totals.records)} records read, ${n(totals.stored)} stored, ${n(totals.rejected)} rejected, ${n(totals.alerts)} alerts`,
  );
  console.log(`events: ${links.events}\nalerts: ${links.alerts}`);
}
