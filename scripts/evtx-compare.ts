/**
 * `npm run evtx:compare -- <file or folder>... [--all]`: runs the repo's EVTX parser and the two
 * reference readers over the .evtx files and prints, as JSON, each reader's record counts and problems per file, each explained
 * kind of difference with its reason, how often it came and a few examples, and every unexplained
 * difference (`--all`: every difference). Exits 1 when a difference is unexplained.
 */
import { relative } from "node:path";
import { compareReaders } from "./lib/evtx-compare.ts";
import { readWithOurs } from "./lib/evtx-dump-json.ts";
import { EXPLAINED } from "./lib/evtx-explained.ts";
import { evtxFiles } from "./lib/evtx-files.ts";
import { referenceReaders, referenceReaderVersions } from "./lib/evtx-reference.ts";

const EXAMPLES = 3;

const args = process.argv.slice(2);
const all = args.includes("--all");
const paths = args.filter((arg) => arg !== "--all");
if (paths.length === 0) {
  console.error("usage: npm run evtx:compare -- <file or folder>... [--all]");
  process.exit(2);
}

const started = performance.now();
const files = evtxFiles(paths);
const readers = { ...referenceReaders, ours: readWithOurs };
const comparison = await compareReaders(readers, files, EXPLAINED);
const seconds = Math.round((performance.now() - started) / 100) / 10;

const name = (file: string) => relative(process.cwd(), file);
const differences = comparison.differences.map((difference) => ({ ...difference, file: name(difference.file) }));
const unexplained = differences.filter((difference) => difference.explanation === null);

const report = {
  readers: await referenceReaderVersions(),
  files: files.length,
  seconds,
  records: Object.fromEntries(
    Object.keys(readers).map((reader) => [
      reader,
      comparison.files.reduce((total, file) => total + (file.readers[reader]?.records ?? 0), 0),
    ]),
  ),
  differences: differences.length,
  unexplained: unexplained.length,
  explained: EXPLAINED.map((entry) => {
    const mine = differences.filter((difference) => difference.explanation === entry.id);
    return { id: entry.id, reason: entry.reason, count: mine.length, examples: mine.slice(0, EXAMPLES) };
  }).filter((entry) => entry.count > 0),
  perFile: comparison.files.map((file) => ({ ...file, file: name(file.file) })),
  [all ? "allDifferences" : "unexplainedDifferences"]: all ? differences : unexplained,
};
console.log(JSON.stringify(report, null, 2));
process.exit(unexplained.length > 0 ? 1 : 0);
