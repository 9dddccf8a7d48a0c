/**
 * Rule regex matching: every `re` value of the shipped rules and the SigmaHQ corpus, tested against
 * realistic command lines with the engine rules run on (RE2, re2js) and, as the baseline in the
 * same run, V8's own backtracking RegExp on the same patterns. Both must give the same verdicts.
 * Then the worst-case inputs of test/fixtures/regex-attacks.json at the checker's size, on RE2
 * only: V8 takes seconds to hours on them, which is why rules no longer run on it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { attackString, REGEX_ATTACKS_FILE, type RegexAttacks } from "../scripts/lib/regex-attacks-file.ts";
import { asV8Regex, regexRuleFiles, ruleRegexes } from "../scripts/lib/rule-regexes.ts";
import { CORPUS_DIR } from "../test/unit/detect/support/sigmahq-corpus.ts";
import { compileSigmaRegex } from "../worker/detect/sigma/regex.ts";
import { type BenchConfig, perSecond, progress, round } from "./measure.ts";
import { createSysmonGenerator } from "./sysmon-events.ts";

const REPO = resolve(import.meta.dirname, "..");
const VALUES_PER_BATCH = 100;

type Test = (value: string) => boolean;

function timeAll(tests: readonly Test[], values: readonly string[]): { ms: number; verdicts: boolean[] } {
  const verdicts: boolean[] = [];
  const started = performance.now();
  for (const test of tests) for (const value of values) verdicts.push(test(value));
  return { ms: performance.now() - started, verdicts };
}

export async function regexBench(config: BenchConfig) {
  const regexes = ruleRegexes(regexRuleFiles(CORPUS_DIR, resolve(REPO, "rules/sigma")));
  const pairs = regexes.flatMap((regex) => {
    const re2 = compileSigmaRegex(regex.pattern, regex.flags);
    if (!re2.ok) return [];
    const v8 = asV8Regex(regex);
    try {
      const native = new RegExp(v8.source, v8.flags);
      return [{ re2: re2.regex.test, v8: (value: string) => native.test(value) }];
    } catch {
      return [];
    }
  });
  const values = createSysmonGenerator()
    .take(config.batches * VALUES_PER_BATCH)
    .map((record) => String((record as { CommandLine?: unknown }).CommandLine ?? ""));
  progress(`${pairs.length} of ${regexes.length} regexes run on both engines, ${values.length} command lines`);

  timeAll(
    pairs.map((p) => p.v8),
    values.slice(0, 50),
  );
  timeAll(
    pairs.map((p) => p.re2),
    values.slice(0, 50),
  );
  const v8 = timeAll(
    pairs.map((p) => p.v8),
    values,
  );
  const re2 = timeAll(
    pairs.map((p) => p.re2),
    values,
  );
  const differing = re2.verdicts.filter((verdict, i) => verdict !== v8.verdicts[i]).length;
  if (differing > 0) throw new Error(`RE2 and V8 disagree on ${differing} regex tests of ordinary command lines`);
  const tests = pairs.length * values.length;

  const attacks = (JSON.parse(readFileSync(resolve(REPO, REGEX_ATTACKS_FILE), "utf8")) as RegexAttacks).regexes;
  let attackChars = 0;
  let attackMs = 0;
  let attackCount = 0;
  for (const regex of attacks) {
    if (regex.attack === undefined) continue;
    const compiled = compileSigmaRegex(regex.pattern, regex.flags);
    if (!compiled.ok) continue;
    const input = attackString(regex.attack);
    const started = performance.now();
    compiled.regex.test(input);
    attackMs += performance.now() - started;
    attackChars += input.length;
    attackCount++;
  }
  progress(`re2 ${round(perSecond(tests, re2.ms))} tests/s, v8 ${round(perSecond(tests, v8.ms))} tests/s`);

  return {
    bench: "regex",
    regexes: regexes.length,
    on_both_engines: pairs.length,
    command_lines: values.length,
    tests,
    verdicts_equal: true,
    re2: { ms: round(re2.ms), tests_per_s: round(perSecond(tests, re2.ms)) },
    v8: { ms: round(v8.ms), tests_per_s: round(perSecond(tests, v8.ms)) },
    ratio_re2_to_v8: round(v8.ms / re2.ms, 2),
    worst_case_inputs: {
      regexes: attackCount,
      chars: attackChars,
      re2_ms: round(attackMs, 1),
      re2_chars_per_s: round(perSecond(attackChars, attackMs)),
    },
    notes:
      "ratio_re2_to_v8 is RE2's speed over V8's on ordinary command lines (below 1: RE2 is slower). Each regex is " +
      "tested on every value, no prefilter (in the rule engine a regex only runs on events holding its literals). " +
      "V8 runs the same PCRE text with leading (?i) as a flag; worst_case_inputs are not run on V8.",
  };
}
