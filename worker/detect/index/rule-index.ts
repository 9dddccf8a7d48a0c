/**
 * The rule index: which rules an event is worth trying. Rules are grouped by route key (dataset and
 * event code); within the group of an event's keys, a rule with prefilter clauses is only a
 * candidate when each clause has one of its literals in the event: equalities found by one hash
 * lookup per lower-cased field value, substrings by one literal scan per field value (in any case,
 * so values no candidate reads are never lower-cased) over all the group's literals for that field.
 * Rules without clauses are always candidates. Candidates then run their full test.
 */
import type { NormalisedEvent } from "../../model/event.ts";
import { type LogsourceTable, routeKey, routeKeysForEvent } from "../logsource.ts";
import type { EvalContext } from "../sigma/eval-context.ts";
import type { Clause } from "../sigma/match-tree.ts";
import type { Route } from "../types.ts";
import { AhoCorasick } from "./aho-corasick.ts";
import { SkipScan } from "./skip-scan.ts";

/** What the index needs of a rule. */
export interface IndexableRule {
  routes: readonly Route[] | null;
  /** Clauses that must all hold (each: one of its atoms); none: always a candidate. Read when a group holding the rule is built. */
  readonly clauses: readonly Clause[];
  /** How many atoms each clause has: what the index needs of every rule up front. */
  readonly clauseSizes: readonly number[];
}

/** A rule and one of its clauses, packed into one number: `rule * CLAUSE_SLOTS + clause`. */
type Posting = number;
const CLAUSE_SLOTS = 4;

/** Distinct (dataset, event code) pairs whose group is remembered; real traffic has a few dozen. */
const MAX_REMEMBERED_KINDS = 1024;

/**
 * Substring literals are searched for by their last characters only: any longer text adds little
 * selectivity but many automaton states (hashes run to 64 characters). The end, because paths
 * share their beginnings (`c:\\windows\\system32\\`) and differ at the file name.
 */
const SCANNED_SUFFIX = 16;

/** Finds literals in a text of any case; see aho-corasick.ts and skip-scan.ts. */
interface LiteralScanner {
  readonly minLength: number;
  scan(text: string, scan: number, onMatch: (pattern: number) => void): void;
}

/**
 * A few literals, all long, are found fastest by skipping through the text: SigmaHQ's keyword
 * rule, searched in every value of every Windows event, has twenty of nine characters and more.
 * Many literals, or short ones, leave a skip scan few pairs it may skip on: the automaton wins.
 */
const SKIP_SCAN_MAX_LITERALS = 64;
const SKIP_SCAN_MIN_LENGTH = 6;

function literalScanner(literals: readonly string[]): LiteralScanner {
  const skip =
    literals.length <= SKIP_SCAN_MAX_LITERALS &&
    literals.every((literal) => literal.length >= SKIP_SCAN_MIN_LENGTH) &&
    SkipScan.canScan(literals);
  return skip ? new SkipScan(literals) : new AhoCorasick(literals);
}

interface FieldScan {
  field: number;
  equals: Map<string, Posting[]> | null;
  substrings: LiteralScanner | null;
  /** Per substring pattern, the postings it satisfies. */
  substringPostings: Posting[][];
}

/**
 * The scanners of a rule index, by their literals: the groups of kinds that hold the same rules
 * for a field (Sysmon 1 and Security 4688 both hold every process_creation rule) share one, so a
 * cold isolate builds each automaton once. What a scanner remembers is keyed by the scan number,
 * which the index advances for every event, and an event is scanned by one group.
 */
class ScannerCache {
  readonly #scanners = new Map<string, LiteralScanner>();

  for(literals: readonly string[]): LiteralScanner {
    const key = literals.join("\u0000");
    let scanner = this.#scanners.get(key);
    if (scanner === undefined) {
      scanner = literalScanner(literals);
      this.#scanners.set(key, scanner);
    }
    return scanner;
  }
}

class RuleGroup {
  readonly always: readonly number[];
  readonly scans: readonly FieldScan[];

  constructor(members: readonly number[], rules: readonly IndexableRule[], scanners: ScannerCache) {
    const always: number[] = [];
    const byField = new Map<number, { equals: Map<string, Posting[]>; substrings: Map<string, Posting[]> }>();
    for (const index of members) {
      const clauses = rules[index]?.clauses ?? [];
      if (clauses.length === 0) always.push(index);
      clauses.forEach((clause, slot) => {
        for (const atom of clause) {
          let lists = byField.get(atom.field);
          if (lists === undefined) {
            lists = { equals: new Map(), substrings: new Map() };
            byField.set(atom.field, lists);
          }
          const map = atom.exact ? lists.equals : lists.substrings;
          const text = atom.exact ? atom.text : atom.text.slice(-SCANNED_SUFFIX);
          const posting = index * CLAUSE_SLOTS + slot;
          const list = map.get(text) ?? [];
          if (list[list.length - 1] !== posting) list.push(posting);
          map.set(text, list);
        }
      });
    }
    this.always = always;
    this.scans = [...byField].map(([field, lists]) => ({
      field,
      equals: lists.equals.size > 0 ? lists.equals : null,
      substrings: lists.substrings.size > 0 ? scanners.for([...lists.substrings.keys()]) : null,
      substringPostings: [...lists.substrings.values()],
    }));
  }
}

export class RuleIndex {
  readonly #rules: readonly IndexableRule[];
  readonly #logsources: LogsourceTable;
  readonly #global: number[] = [];
  readonly #byKey = new Map<string, number[]>();
  /**
   * Groups per set of rule route keys an event's keys meet, built the first time such an event is
   * seen. Keys no rule routes to are left out, so the rule set bounds the count, whatever datasets
   * and codes the logs make up.
   */
  readonly #groups = new Map<string, RuleGroup>();
  readonly #scanners = new ScannerCache();
  /**
   * Per event dataset, then event code: its group, found without building any key. Datasets and
   * codes come from the logs, so past a bound it is forgotten; it only saves the key lookups.
   */
  readonly #byKind = new Map<string, Map<string | null, RuleGroup>>();
  #kinds = 0;
  /** Per rule: the bit mask of all its clauses. */
  readonly #full: Uint8Array;
  /** Per rule: the clauses met so far in the current scan, valid when its stamp is the scan's. */
  readonly #met: Uint8Array;
  readonly #stamp: Uint32Array;
  #scan = 0;
  #out: number[] = [];
  #postings: readonly Posting[][] = [];
  readonly #onPattern = (pattern: number) => {
    for (const posting of this.#postings[pattern] ?? []) this.#hit(posting);
  };

  constructor(rules: readonly IndexableRule[], logsources: LogsourceTable) {
    this.#rules = rules;
    this.#logsources = logsources;
    this.#full = new Uint8Array(rules.length);
    this.#met = new Uint8Array(rules.length);
    this.#stamp = new Uint32Array(rules.length);
    rules.forEach((rule, index) => {
      const sizes = rule.clauseSizes;
      if (sizes.length > CLAUSE_SLOTS) throw new Error(`a rule may have at most ${CLAUSE_SLOTS} clauses`);
      if (sizes.includes(0)) return;
      this.#full[index] = (1 << sizes.length) - 1;
      if (rule.routes === null) {
        this.#global.push(index);
        return;
      }
      for (const key of new Set(rule.routes.map(routeKey))) {
        const list = this.#byKey.get(key) ?? [];
        list.push(index);
        this.#byKey.set(key, list);
      }
    });
  }

  /** Indexes (ascending) of the rules the event must be tried against; `ctx` must be reset to the event. */
  candidates(event: NormalisedEvent, ctx: EvalContext): number[] {
    const group = this.#groupFor(event);
    this.#scan++;
    const out: number[] = [...group.always];
    this.#out = out;
    for (const scan of group.scans) {
      if (scan.equals !== null) {
        for (const value of ctx.lower(scan.field)) {
          const exact = scan.equals.get(value);
          if (exact !== undefined) for (const posting of exact) this.#hit(posting);
        }
      }
      const substrings = scan.substrings;
      if (substrings !== null) {
        this.#postings = scan.substringPostings;
        for (const value of ctx.text(scan.field)) {
          if (value.length >= substrings.minLength) substrings.scan(value, this.#scan, this.#onPattern);
        }
      }
    }
    return out.sort((a, b) => a - b);
  }

  #hit(posting: Posting): void {
    const rule = (posting / CLAUSE_SLOTS) | 0;
    const bit = 1 << (posting % CLAUSE_SLOTS);
    if (this.#stamp[rule] !== this.#scan) {
      this.#stamp[rule] = this.#scan;
      this.#met[rule] = 0;
    }
    const met = this.#met[rule] ?? 0;
    if ((met & bit) !== 0) return;
    this.#met[rule] = met | bit;
    if ((met | bit) === this.#full[rule]) this.#out.push(rule);
  }

  #groupFor(event: NormalisedEvent): RuleGroup {
    const known = this.#byKind.get(event.dataset)?.get(event.eventCode);
    if (known !== undefined) return known;
    const group = this.#groupForKeys(routeKeysForEvent(this.#logsources, event).filter((key) => this.#byKey.has(key)));
    if (this.#kinds >= MAX_REMEMBERED_KINDS) {
      this.#byKind.clear();
      this.#kinds = 0;
    }
    let byCode = this.#byKind.get(event.dataset);
    if (byCode === undefined) {
      byCode = new Map();
      this.#byKind.set(event.dataset, byCode);
    }
    byCode.set(event.eventCode, group);
    this.#kinds++;
    return group;
  }

  #groupForKeys(keys: readonly string[]): RuleGroup {
    const cacheKey = keys.join("\n");
    let group = this.#groups.get(cacheKey);
    if (group === undefined) {
      const members = new Set(this.#global);
      for (const key of keys) for (const index of this.#byKey.get(key) ?? []) members.add(index);
      group = new RuleGroup(
        [...members].sort((a, b) => a - b),
        this.#rules,
        this.#scanners,
      );
      this.#groups.set(cacheKey, group);
    }
    return group;
  }
}
