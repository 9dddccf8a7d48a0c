/**
 * A compiled detection as a tree of boolean nodes over leaves. A leaf tests one field (or, for
 * keyword search, every value) and knows the literal texts of which at least one must be in that
 * field for it to be true: its prefilter atoms, or null when no literal is required.
 */
import type { EvalContext } from "./eval-context.ts";

/** "Field `field` (lower-cased) equals / contains `text`" (`text` lower-cased). */
export interface Atom {
  field: number;
  text: string;
  exact: boolean;
}

export interface Leaf {
  /** Rough relative cost of one test; cheaper leaves are tried first. */
  readonly cost: number;
  /** One of these must hold for the leaf to be true; null when no literal is required. */
  readonly atoms: readonly Atom[] | null;
  test(ctx: EvalContext): boolean;
}

export type MatchNode =
  | { kind: "leaf"; leaf: Leaf }
  | { kind: "and"; children: MatchNode[] }
  | { kind: "or"; children: MatchNode[] }
  | { kind: "not"; child: MatchNode }
  /** True when at least `count` children are (Sigma `2 of selection*`). */
  | { kind: "atLeast"; count: number; children: MatchNode[] }
  | { kind: "const"; value: boolean };

export const TRUE_NODE: MatchNode = { kind: "const", value: true };
export const FALSE_NODE: MatchNode = { kind: "const", value: false };

export function leafNode(leaf: Leaf): MatchNode {
  return { kind: "leaf", leaf };
}

export function andNode(children: MatchNode[]): MatchNode {
  if (children.length === 1 && children[0]) return children[0];
  return children.length === 0 ? TRUE_NODE : { kind: "and", children };
}

export function orNode(children: MatchNode[]): MatchNode {
  if (children.length === 1 && children[0]) return children[0];
  return children.length === 0 ? FALSE_NODE : { kind: "or", children };
}

export function notNode(child: MatchNode): MatchNode {
  return { kind: "not", child };
}

export function nodeCost(node: MatchNode): number {
  switch (node.kind) {
    case "leaf":
      return node.leaf.cost;
    case "and":
    case "or":
    case "atLeast":
      return node.children.reduce((sum, child) => sum + nodeCost(child), 0);
    case "not":
      return nodeCost(node.child);
    case "const":
      return 0;
  }
}

export type Evaluator = (ctx: EvalContext) => boolean;

/** Turns the tree into nested closures; AND/OR children run cheapest first (they have no side effects). */
export function toEvaluator(node: MatchNode): Evaluator {
  switch (node.kind) {
    case "leaf": {
      const leaf = node.leaf;
      return (ctx) => leaf.test(ctx);
    }
    case "const": {
      const value = node.value;
      return () => value;
    }
    case "not": {
      const inner = toEvaluator(node.child);
      return (ctx) => !inner(ctx);
    }
    case "atLeast": {
      const parts = node.children.map(toEvaluator);
      const count = node.count;
      return (ctx) => {
        let hits = 0;
        for (const part of parts) if (part(ctx) && ++hits >= count) return true;
        return false;
      };
    }
    case "and":
    case "or": {
      const parts = [...node.children].sort((a, b) => nodeCost(a) - nodeCost(b)).map(toEvaluator);
      if (node.kind === "and") {
        if (parts.length === 2) {
          const [a, b] = parts as [Evaluator, Evaluator];
          return (ctx) => a(ctx) && b(ctx);
        }
        return (ctx) => parts.every((part) => part(ctx));
      }
      if (parts.length === 2) {
        const [a, b] = parts as [Evaluator, Evaluator];
        return (ctx) => a(ctx) || b(ctx);
      }
      return (ctx) => parts.some((part) => part(ctx));
    }
  }
}

/** Atoms of which at least one must hold. */
export type Clause = readonly Atom[];

/** How many clauses of an AND the prefilter keeps: the most selective ones. */
const MAX_CLAUSES = 2;

/** How rarely an atom is expected to hold in an event: higher is rarer. */
export type AtomRarity = (atom: Atom) => number;

/**
 * What must hold for the node to be true, as clauses that must all hold (each: one of its atoms).
 * No clause: nothing is required (a negation, a regex without literals, a null check...). An empty
 * clause: the node can never be true. An AND needs its children's clauses (the rarest few are
 * kept); an OR needs, of each child, at least its best clause: their union.
 */
export function requiredClauses(node: MatchNode, rarity: AtomRarity): Clause[] {
  switch (node.kind) {
    case "leaf":
      return node.leaf.atoms === null ? [] : [node.leaf.atoms];
    case "const":
      return node.value ? [] : [[]];
    case "not":
      return [];
    case "or":
    case "atLeast": {
      const union: Atom[] = [];
      for (const child of node.children) {
        const best = requiredClauses(child, rarity)[0];
        if (best === undefined) return [];
        union.push(...best);
      }
      return [union];
    }
    case "and":
      return node.children
        .flatMap((child) => requiredClauses(child, rarity))
        .map((clause) => ({ clause, rarity: clauseRarity(clause, rarity) }))
        .sort((a, b) => b.rarity - a.rarity)
        .slice(0, MAX_CLAUSES)
        .map(({ clause }) => clause);
  }
}

/** A clause holds as often as its commonest atom, and a little more often with more atoms. */
function clauseRarity(clause: Clause, rarity: AtomRarity): number {
  if (clause.length === 0) return Number.POSITIVE_INFINITY;
  let commonest = Number.POSITIVE_INFINITY;
  for (const atom of clause) commonest = Math.min(commonest, rarity(atom));
  return commonest - Math.log2(clause.length) / 8;
}

/** Every leaf atom of a tree, once per leaf. */
export function atomsOf(node: MatchNode): Atom[] {
  switch (node.kind) {
    case "leaf":
      return [...(node.leaf.atoms ?? [])];
    case "const":
      return [];
    case "not":
      return atomsOf(node.child);
    case "and":
    case "or":
    case "atLeast":
      return node.children.flatMap(atomsOf);
  }
}

/**
 * Longer literals are rarer in logs, and so are literals few rules use: a text many rules share
 * (`\\windows\\system32\\`, `.exe`) is common in events too, however long.
 */
export function atomRarity(nodes: readonly MatchNode[]): AtomRarity {
  const key = (atom: { field: number; text: string }) => `${atom.field}\u0000${atom.text}`;
  const rules = new Map<string, number>();
  for (const node of nodes) for (const k of new Set(atomsOf(node).map(key))) rules.set(k, (rules.get(k) ?? 0) + 1);
  return (atom) => Math.min(atom.text.length, 16) + (atom.exact ? 2 : 0) - Math.log2(rules.get(key(atom)) ?? 1);
}
