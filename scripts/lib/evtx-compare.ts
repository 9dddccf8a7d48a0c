import type { NormalisedRecord } from "./evtx-fields.ts";
import type { EvtxReader, ReaderRun } from "./evtx-reference.ts";

/** How one reader fared on one file. */
export interface ReaderSummary {
  records: number;
  problems: string[];
}

export interface FileComparison {
  file: string;
  readers: Record<string, ReaderSummary>;
}

/** The field name of a difference in whether a record is there at all. */
export const RECORD = "(record)";

/**
 * One place where the readers disagree: a field whose value differs (`null` where a reader has no
 * such field), or, as field `(record)`, a record that some readers rendered ("present") and others
 * not. `explanation` names the entry of the explained table that accounts for it, `null` if none does.
 */
export interface Difference {
  file: string;
  recordId: number;
  field: string;
  values: Record<string, string | null>;
  explanation: string | null;
}

/** What an explanation may look at beyond the difference itself: the whole runs and the record in each. */
export interface DifferenceContext {
  file: string;
  runs: Record<string, ReaderRun>;
  records: Record<string, NormalisedRecord | undefined>;
}

/** A known, understood way in which readers disagree; `explains` checks that a difference is that one. */
export interface Explanation {
  id: string;
  reason: string;
  explains(difference: Omit<Difference, "explanation">, context: DifferenceContext): boolean;
}

export interface Comparison {
  files: FileComparison[];
  differences: Difference[];
}

/** The records keyed by ID; a second record of the same ID (a damaged file's) is keyed `ID#2`. */
function byRecordId(records: NormalisedRecord[]): Map<string, NormalisedRecord> {
  const keyed = new Map<string, NormalisedRecord>();
  const seen = new Map<number, number>();
  for (const record of records) {
    const occurrence = (seen.get(record.recordId) ?? 0) + 1;
    seen.set(record.recordId, occurrence);
    keyed.set(occurrence === 1 ? `${record.recordId}` : `${record.recordId}#${occurrence}`, record);
  }
  return keyed;
}

/** The differences between the readers' runs on one file, in record order then field order. */
export function fileDifferences(
  file: string,
  runs: Record<string, ReaderRun>,
  explanations: readonly Explanation[] = [],
): Difference[] {
  const names = Object.keys(runs);
  const keyed = Object.fromEntries(names.map((name) => [name, byRecordId(runs[name]?.records ?? [])]));
  const keys = new Map<string, number>();
  for (const name of names) for (const [key, record] of keyed[name] ?? []) keys.set(key, record.recordId);
  const differences: Difference[] = [];
  for (const [key, recordId] of [...keys].sort(([, a], [, b]) => a - b)) {
    const records = Object.fromEntries(names.map((name) => [name, keyed[name]?.get(key)]));
    const context: DifferenceContext = { file, runs, records };
    const add = (field: string, values: Record<string, string | null>) => {
      const difference = { file, recordId, field, values };
      const explanation = explanations.find((entry) => entry.explains(difference, context));
      differences.push({ ...difference, explanation: explanation?.id ?? null });
    };
    const present = names.filter((name) => records[name] !== undefined);
    if (present.length < names.length) {
      add(RECORD, Object.fromEntries(names.map((name) => [name, records[name] ? "present" : null])));
    }
    const fields = new Set(present.flatMap((name) => [...(records[name]?.fields.keys() ?? [])]));
    for (const field of fields) {
      const values = present.map((name) => records[name]?.fields.get(field) ?? null);
      if (values.some((value) => value !== values[0])) {
        add(field, Object.fromEntries(present.map((name, index) => [name, values[index] ?? null])));
      }
    }
  }
  return differences;
}

async function mapWithConcurrency<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Runs every reader on every file and lists where they disagree, each difference with the entry of
 * `explanations` that accounts for it. Two files are in hand at a time, so the external readers
 * (which bound their own processes) always have the next one waiting.
 */
export async function compareReaders(
  readers: Record<string, EvtxReader>,
  files: string[],
  explanations: readonly Explanation[] = [],
): Promise<Comparison> {
  const perFile = await mapWithConcurrency(files, 2, async (file) => {
    const entries = await Promise.all(
      Object.entries(readers).map(async ([name, read]) => [name, await read(file)] as const),
    );
    const runs = Object.fromEntries(entries);
    const readerSummaries = entries.map(([name, run]) => [
      name,
      { records: run.records.length, problems: run.problems },
    ]);
    return {
      comparison: { file, readers: Object.fromEntries(readerSummaries) },
      differences: fileDifferences(file, runs, explanations),
    };
  });
  return {
    files: perFile.map((result) => result.comparison),
    differences: perFile.flatMap((result) => result.differences),
  };
}
