/**
 * `npm run rules:regex-attacks`: runs the ReDoS checker recheck over every regex of the shipped rules
 * and the SigmaHQ corpus (../shared/corpus/sigmahq, or the folder given), as a backtracking engine
 * such as V8's would run it, and writes each one's verdict and worst-case input to
 * test/fixtures/regex-attacks.json. The detect tests run those inputs against the rule engine.
 * Takes about a minute with recheck's native binary (it falls back to its slower pure-JS build).
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkSync, type Diagnostics } from "recheck";
import { REGEX_ATTACKS_FILE, type RegexAttack, type RegexAttacks } from "./lib/regex-attacks-file.ts";
import { asV8Regex, type RuleRegex, regexRuleFiles, ruleRegexes } from "./lib/rule-regexes.ts";

const corpus = resolve(process.argv[2] ?? "../shared/corpus/sigmahq");
const shipped = resolve("rules/sigma");

const files = regexRuleFiles(corpus, shipped);

function verdict(regex: RuleRegex): RegexAttack {
  const { source, flags } = asV8Regex(regex);
  const diagnostics: Diagnostics = checkSync(source, flags, { randomSeed: 1, timeout: 20_000 });
  const entry: RegexAttack = { ...regex, status: diagnostics.status };
  if (diagnostics.status === "vulnerable") {
    entry.complexity = diagnostics.complexity.summary;
    entry.attack = {
      pumps: diagnostics.attack.pumps.map((p) => ({
        prefix: p.prefix,
        pump: p.pump,
        repeat: diagnostics.attack.base + p.bias,
      })),
      suffix: diagnostics.attack.suffix,
    };
  }
  if (diagnostics.status === "unknown") entry.error = diagnostics.error.kind;
  return entry;
}

const started = Date.now();
const regexes = ruleRegexes(files).map(verdict);
const out: RegexAttacks = { checker: "recheck 4.5.0", regexes };
writeFileSync(REGEX_ATTACKS_FILE, `${JSON.stringify(out, null, 1)}\n`);
const count = (status: string) => regexes.filter((r) => r.status === status).length;
console.log(
  `${regexes.length} regexes in ${files.length} files: ${count("vulnerable")} vulnerable to a backtracking engine, ` +
    `${count("safe")} safe, ${count("unknown")} unknown; ${((Date.now() - started) / 1000).toFixed(0)} s -> ${REGEX_ATTACKS_FILE}`,
);
