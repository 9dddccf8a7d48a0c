/**
 * The rule index: which rules an event is worth trying. Rules are grouped by route key (dataset and
 * event code); within the group of an event's keys, a rule with prefilter clauses is only a
 * candidate when each clause has one of its literals in the event: equalities found by one hash
 * lookup per field value, substrings by one Aho–Corasick pass per field value over all the group's
 * literals. Rules without clauses are always candidates. Candidates then run their full test.
 */
import type { NormalisedEvent } from "../../model/event.ts";
import { routeKey, routeKeysForEvent } from "../logsource.ts";
import type { EvalContext } from "../sigma/eval-context.ts";
import type { Clause } from "../sigma/match-tree.ts";
import type { Route } from "../types.ts";
import { AhoCorasick } from "./aho-corasick.ts";

/** What the index needs of a rule. */
export interface IndexableRule {
  routes: readonly Route[] | null;
  /** Clauses that must all hold (each: one of its atoms); none: always a candidate. */
  clauses: readonly Clause[];
}

/** A rule and one of its clauses, packed into one number: `rule * CLAUSE_SLOTS + clause`. */
type Posting = number;
const CLAUSE_SLOTS = 4;

/**
 * Substring literals are searched for by their last characters only: any longer text adds little
 * selectivity but many automaton states (hashes run to 64 characters). The end, because paths
 * share their beginnings (`c:\\windows\\system32\\`) and differ at the file name.
 */
const SCANNED_SUFFIX = 16;

interface FieldScan {
  field: number;
  equals: Map<string, Posting[]> | null;
  substrings: AhoCorasick | null;
  /** Per substring pattern, the postings it satisfies. */
  substringPostings: Posting[][];
}

class RuleGroup {
  readonly always: readonly number[];
  readonly scans: readonly FieldScan[];

  constructor(members: readonly number[], rules: readonly IndexableRule[]) {
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
      substrings: lists.substrings.size > 0 ? new AhoCorasick([...lists.substrings.keys()]) : null,
      substringPostings: [...lists.substrings.values()],
    }));
  }
}

export class RuleIndex {
  readonly #rules: readonly IndexableRule[];
  readonly #global: number[] = [];
  readonly #byKey = new Map<string, number[]>();
  /** Groups per distinct set of event route keys, built the first time such an event is seen. */
  readonly #groups = new Map<string, RuleGroup>();
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

  constructor(rules: readonly IndexableRule[]) {
    this.#rules = rules;
    this.#full = new Uint8Array(rules.length);
    this.#met = new Uint8Array(rules.length);
    this.#stamp = new Uint32Array(rules.length);
    rules.forEach((rule, index) => {
      if (rule.clauses.length > CLAUSE_SLOTS) throw new Error(`a rule may have at most ${CLAUSE_SLOTS} clauses`);
      if (rule.clauses.some((clause) => clause.length === 0)) return;
      this.#full[index] = (1 << rule.clauses.length) - 1;
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
    const group = this.#groupFor(routeKeysForEvent(event));
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
      if (scan.substrings !== null) {
        const text = ctx.joinedLower(scan.field);
        if (text === "") continue;
        this.#postings = scan.substringPostings;
        scan.substrings.scan(text, this.#scan, this.#onPattern);
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

  #groupFor(keys: readonly string[]): RuleGroup {
    const cacheKey = keys.join("\n");
    let group = this.#groups.get(cacheKey);
    if (group === undefined) {
      const members = new Set(this.#global);
      for (const key of keys) for (const index of this.#byKey.get(key) ?? []) members.add(index);
      group = new RuleGroup(
        [...members].sort((a, b) => a - b),
        this.#rules,
      );
      this.#groups.set(cacheKey, group);
    }
    return group;
  }
}
