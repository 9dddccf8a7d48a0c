/** Prints vitest's totals as one plain line ("tests: N passed, N failed") for CI logs. */
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? "test-results/vitest.json";
const report = JSON.parse(readFileSync(path, "utf8")) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
};
console.log(
  `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
);
