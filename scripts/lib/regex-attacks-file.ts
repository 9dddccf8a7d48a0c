/** The shape of test/fixtures/regex-attacks.json, written by `npm run rules:regex-attacks`. */
import type { RuleRegex } from "./rule-regexes.ts";

export const REGEX_ATTACKS_FILE = "test/fixtures/regex-attacks.json";

export interface AttackInput {
  /** The input is each pump's prefix then its pump repeated, in order, then the suffix. */
  pumps: { prefix: string; pump: string; repeat: number }[];
  suffix: string;
}

export interface RegexAttack extends RuleRegex {
  /** recheck's verdict for a backtracking engine. */
  status: "safe" | "vulnerable" | "unknown";
  complexity?: string;
  attack?: AttackInput;
  error?: string;
}

export interface RegexAttacks {
  checker: string;
  regexes: RegexAttack[];
}

/** The worst-case input, each pump repeated as often as the checker chose, or `times` times. */
export function attackString(attack: AttackInput, times?: number): string {
  return attack.pumps.map((p) => p.prefix + p.pump.repeat(times ?? p.repeat)).join("") + attack.suffix;
}
