/** The leaf tests a Sigma field condition compiles to. A multi-valued field matches when any value does. */
import { type CidrNetwork, networkSet, parseIp } from "./cidr.ts";
import type { Atom, Leaf } from "./match-tree.ts";
import type { CompiledRegex } from "./regex.ts";
import { requiredRegexLiterals } from "./regex-literals.ts";
import { patternCost, type StringPattern, testPattern } from "./string-pattern.ts";

/** Above this many equality values, a leaf answers them with one set lookup. */
const SET_THRESHOLD = 4;

export function stringLeaf(field: number, patterns: readonly StringPattern[], cased: boolean): Leaf {
  const exact = patterns.flatMap((p) => (p.kind === "exact" ? [p.text] : []));
  const exactSet = exact.length >= SET_THRESHOLD ? new Set(exact) : null;
  const rest = patterns
    .filter((p) => exactSet === null || p.kind !== "exact")
    .sort((a, b) => patternCost(a) - patternCost(b));
  const cost = 1 + rest.reduce((sum, p) => sum + patternCost(p) * 0.25, 0);
  return {
    cost,
    atoms: stringAtoms(field, patterns),
    test(ctx) {
      const values = cased ? ctx.text(field) : ctx.lower(field);
      for (const value of values) {
        if (exactSet?.has(value)) return true;
        for (const pattern of rest) if (testPattern(pattern, value)) return true;
      }
      return false;
    },
  };
}

function stringAtoms(field: number, patterns: readonly StringPattern[]): Atom[] | null {
  const atoms: Atom[] = [];
  for (const p of patterns) {
    if (p.kind === "any") return null;
    if (p.kind === "exact") {
      atoms.push({ field, text: p.text.toLowerCase(), exact: true });
      continue;
    }
    const text = p.kind === "glob" ? p.longest : p.text;
    if (text === "") return null;
    atoms.push({ field, text: text.toLowerCase(), exact: false });
  }
  return atoms;
}

export function regexLeaf(field: number, regex: CompiledRegex): Leaf {
  const literals = requiredRegexLiterals(regex.source);
  return {
    cost: 10,
    atoms: literals === null ? null : literals.map((text) => ({ field, text, exact: false })),
    test: (ctx) => ctx.text(field).some((value) => regex.test(value)),
  };
}

/** Sigma `null`: the field is absent or has no value. */
export function nullLeaf(field: number): Leaf {
  return { cost: 0.5, atoms: null, test: (ctx) => ctx.text(field).length === 0 };
}

/** `|exists`: presence only, whatever the value (empty and null included). */
export function existsLeaf(field: number, expected: boolean): Leaf {
  return { cost: 0.5, atoms: null, test: (ctx) => (ctx.raw(field) !== undefined) === expected };
}

export type NumericOp = "gt" | "gte" | "lt" | "lte" | "eq";

export function numericLeaf(field: number, op: NumericOp, bound: number, extract: NumberExtractor): Leaf {
  return {
    cost: 1,
    atoms: null,
    test(ctx) {
      for (const value of ctx.text(field)) {
        const n = extract(value);
        if (n !== null && compare(op, n, bound)) return true;
      }
      return false;
    },
  };
}

export type NumberExtractor = (value: string) => number | null;

export function asNumber(value: string): number | null {
  if (value.trim() === "") return null;
  const n = Number(value);
  return Number.isNaN(n) ? null : n;
}

function compare(op: NumericOp, n: number, bound: number): boolean {
  switch (op) {
    case "gt":
      return n > bound;
    case "gte":
      return n >= bound;
    case "lt":
      return n < bound;
    case "lte":
      return n <= bound;
    case "eq":
      return n === bound;
  }
}

export function cidrLeaf(field: number, networks: readonly CidrNetwork[]): Leaf {
  const set = networkSet(networks);
  return {
    cost: 2,
    atoms: null,
    test(ctx) {
      for (const value of ctx.text(field)) {
        const ip = parseIp(value.trim());
        if (ip !== null && set.has(ip)) return true;
      }
      return false;
    },
  };
}

export type FieldRefMode = "exact" | "prefix" | "suffix" | "contains";

/** `|fieldref`: the field's value compared with another field's value of the same event. */
export function fieldRefLeaf(field: number, other: number, mode: FieldRefMode, cased: boolean): Leaf {
  const pattern = (text: string): StringPattern => ({ kind: mode, text });
  return {
    cost: 2,
    atoms: null,
    test(ctx) {
      const values = cased ? ctx.text(field) : ctx.lower(field);
      const references = cased ? ctx.text(other) : ctx.lower(other);
      return references.some((ref) => values.some((value) => testPattern(pattern(ref), value)));
    },
  };
}
