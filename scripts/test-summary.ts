/** Prints vitest's totals as one plain line ("tests: N passed, N failed") for CI logs, over every report given. */
import { readFileSync } from "node:fs";

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}

const paths = process.argv.length > 2 ? process.argv.slice(2) : ["test-results/vitest.json"];
const reports = paths.map((path) => JSON.parse(readFileSync(path, "utf8")) as Report);
const sum = (key: keyof Report) => reports.reduce((total, report) => total + report[key], 0);
console.log(
  `tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`,
);
