/**
 * Every regex of the shipped rules and the SigmaHQ corpus, against the worst-case input the ReDoS
 * checker recheck found for it (test/fixtures/regex-attacks.json, `npm run rules:regex-attacks`).
 * The engine used is asserted, not a time: an input that made a backtracking engine take
 * polynomial or exponential time would stall this test far past its timeout.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  attackString,
  REGEX_ATTACKS_FILE,
  type RegexAttack,
  type RegexAttacks,
} from "../../../../scripts/lib/regex-attacks-file.ts";
import { asV8Regex, regexRuleFiles, ruleRegexes } from "../../../../scripts/lib/rule-regexes.ts";
import { compileSigmaRegex } from "../../../../worker/detect/sigma/regex.ts";
import { CORPUS_DIR } from "../support/sigmahq-corpus.ts";
import { processEvent, processRule, sigmaSet } from "./support.ts";

const REPO = resolve(import.meta.dirname, "../../../..");
const recorded: RegexAttacks = JSON.parse(readFileSync(resolve(REPO, REGEX_ATTACKS_FILE), "utf8"));
const vulnerable = recorded.regexes.filter(
  (r): r is RegexAttack & Required<Pick<RegexAttack, "attack">> => r.attack !== undefined,
);
/** Far longer than the checker needed to show the blow-up. */
const SCALE = 4;

/** Characters of attack text one event carries: under the ingest's 100 KB event limit, escaped as JSON. */
const EVENT_TEXT = 12_000;

const identity = (r: { origin: string; key: string; pattern: string }) => `${r.origin} ${r.key} ${r.pattern}`;

describe("worst-case inputs of the rules' regexes", () => {
  it("cover every regex the shipped rules and the SigmaHQ corpus hold", () => {
    const current = ruleRegexes(regexRuleFiles(CORPUS_DIR, resolve(REPO, "rules/sigma")))
      .map(identity)
      .sort();
    expect(current.length).toBeGreaterThan(200);
    expect(recorded.regexes.map(identity).sort(), "run `npm run rules:regex-attacks`").toEqual(current);
    expect(vulnerable.length).toBeGreaterThanOrEqual(31);
  });

  it.each(vulnerable.map((r) => [identity(r), r] as const))(
    "%s compiles for RE2 and answers its worst-case input as a backtracking engine does on a short one",
    (_, regex) => {
      const compiled = compileSigmaRegex(regex.pattern, regex.flags);
      if (!compiled.ok) expect.fail(compiled.reason);
      expect(compiled.regex.engine).toBe("re2");

      const v8 = asV8Regex(regex);
      const short = attackString(regex.attack, 3);
      expect(compiled.regex.test(short)).toBe(new RegExp(v8.source, v8.flags).test(short));

      const long = attackString(regex.attack, Math.max(...regex.attack.pumps.map((p) => p.repeat)) * SCALE);
      expect(typeof compiled.regex.test(long)).toBe("boolean");
    },
  );

  it("a rule matching on such a regex answers an event holding the input", () => {
    for (const regex of vulnerable) {
      const modifiers = ["re", ...regex.flags].join("|");
      const set = sigmaSet(
        processRule(`sel:\n  CommandLine|${modifiers}: ${JSON.stringify(regex.pattern)}\ncondition: sel`),
      );
      expect(set.errors, regex.origin).toEqual([]);
      const pumped = regex.attack.pumps.reduce((sum, p) => sum + p.pump.length, 0);
      const events = [processEvent({ CommandLine: attackString(regex.attack, Math.floor(EVENT_TEXT / pumped)) })];
      expect(Array.isArray(set.matchAll(events)), regex.origin).toBe(true);
    }
  });
});
