/**
 * A Sigma string turned into the cheapest test that decides it: equality, prefix, suffix or
 * substring for the common shapes, a glob (worker/detect/sigma/glob.ts) for other wildcard layouts.
 * Case-insensitive patterns hold lower-cased text and are tested against lower-cased values.
 */
import { compileGlob, type Glob, testGlob } from "./glob.ts";
import { ANY_CHARS, type SigmaString } from "./sigma-string.ts";

export type StringPattern =
  | { kind: "exact"; text: string }
  | { kind: "prefix"; text: string }
  | { kind: "suffix"; text: string }
  | { kind: "contains"; text: string }
  | { kind: "any" }
  | { kind: "glob"; glob: Glob; longest: string };

export function compileStringPattern(s: SigmaString, cased: boolean): StringPattern {
  const parts = collapseStars(s).map((part) => (typeof part === "string" && !cased ? part.toLowerCase() : part));
  const [first, second, third] = parts;
  if (parts.length === 0) return { kind: "exact", text: "" };
  if (parts.length === 1) {
    if (typeof first === "string") return { kind: "exact", text: first };
    if (first === ANY_CHARS) return { kind: "any" };
  }
  if (parts.length === 2) {
    if (typeof first === "string" && second === ANY_CHARS) return { kind: "prefix", text: first };
    if (first === ANY_CHARS && typeof second === "string") return { kind: "suffix", text: second };
  }
  if (parts.length === 3 && first === ANY_CHARS && typeof second === "string" && third === ANY_CHARS) {
    return { kind: "contains", text: second };
  }
  let longest = "";
  for (const part of parts) if (typeof part === "string" && part.length > longest.length) longest = part;
  return { kind: "glob", glob: compileGlob(parts), longest };
}

function collapseStars(s: SigmaString): SigmaString {
  return s.filter((part, i) => !(part === ANY_CHARS && s[i - 1] === ANY_CHARS));
}

export function testPattern(pattern: StringPattern, value: string): boolean {
  switch (pattern.kind) {
    case "exact":
      return value === pattern.text;
    case "prefix":
      return value.startsWith(pattern.text);
    case "suffix":
      return value.endsWith(pattern.text);
    case "contains":
      return value.includes(pattern.text);
    case "any":
      return true;
    case "glob":
      return testGlob(pattern.glob, value);
  }
}

/** Relative cost of testing one value, used to try cheap tests first. */
export function patternCost(pattern: StringPattern): number {
  return pattern.kind === "glob" ? 4 : 1;
}
