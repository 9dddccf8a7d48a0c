/**
 * `npm run test:load [-- flags]`: the load and fault test (test/load/run.ts). Prints progress to
 * stderr and one JSON summary line to stdout; exits 1 when any guarantee was broken.
 */
import { parseArgs } from "node:util";
import { LOAD_SIZES, loadOptions } from "../test/load/options.ts";
import { runLoadTest } from "../test/load/run.ts";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "default" },
    agents: { type: "string" },
    seconds: { type: "string" },
    events: { type: "string" },
    "d1-fail-rate": { type: "string" },
    "poison-rate": { type: "string" },
    "d1-lost-commit-rate": { type: "string" },
    "outage-seconds": { type: "string" },
    restarts: { type: "string" },
    "lost-answer-rate": { type: "string" },
    "cut-rate": { type: "string" },
    "duplicate-rate": { type: "string" },
    "max-retries": { type: "string" },
    "retry-base-seconds": { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`npm run test:load -- [--size ${Object.keys(LOAD_SIZES).join("|")}] [--agents N] [--seconds S of sending]
  [--events N per batch] [--d1-fail-rate P] [--poison-rate P] [--d1-lost-commit-rate P] [--outage-seconds S] [--restarts N]
  [--lost-answer-rate P] [--cut-rate P] [--duplicate-rate P] [--max-retries N] [--retry-base-seconds S] [--seed N]`);
  process.exit(0);
}

const number = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${flag} takes a number >= 0, not '${value}'`);
  return parsed;
};

const options = loadOptions(values.size ?? "default", {
  agents: number(values.agents, "agents"),
  seconds: number(values.seconds, "seconds"),
  eventsPerBatch: number(values.events, "events"),
  d1FailRate: number(values["d1-fail-rate"], "d1-fail-rate"),
  poisonRate: number(values["poison-rate"], "poison-rate"),
  d1LostCommitRate: number(values["d1-lost-commit-rate"], "d1-lost-commit-rate"),
  outageSeconds: number(values["outage-seconds"], "outage-seconds"),
  restarts: number(values.restarts, "restarts"),
  lostAnswerRate: number(values["lost-answer-rate"], "lost-answer-rate"),
  cutRate: number(values["cut-rate"], "cut-rate"),
  duplicateRate: number(values["duplicate-rate"], "duplicate-rate"),
  ingestMaxRetries: number(values["max-retries"], "max-retries"),
  retryBaseSeconds: number(values["retry-base-seconds"], "retry-base-seconds"),
  seed: number(values.seed, "seed"),
  log: (line) => console.error(`[load] ${line}`),
});

const report = await runLoadTest(options);
for (const violation of report.violations.slice(0, 50)) console.error(`[load] VIOLATION ${violation}`);
const { violations, ...summary } = report;
console.log(JSON.stringify({ load_test: report.ok ? "pass" : "fail", violations: violations.length, ...summary }));
process.exit(report.ok ? 0 : 1);
