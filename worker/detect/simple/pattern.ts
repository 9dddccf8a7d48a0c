/**
 * A PocketSIEM simple-rule pattern: `a*b%c*d` means "the detail text contains a and b, and neither c
 * nor d". `*` is AND (order not enforced, not a wildcard), the part after `%` lists excluding strings,
 * and every comparison ignores case. Where PocketSIEM silently produced a dead or match-everything
 * rule (one-character pieces, empty pieces, a second `%`), this parser reports an error instead.
 */
export interface SimplePattern {
  /** Lower-cased strings that must all appear. */
  include: readonly string[];
  /** Lower-cased strings any one of which vetoes the match. */
  exclude: readonly string[];
  /** IP lists (`@list:<name>` pieces) one of the event's addresses must be in. */
  includeLists: readonly string[];
  /** IP lists any one of which, holding one of the event's addresses, vetoes the match. */
  excludeLists: readonly string[];
}

/** A piece naming an IP list instead of a string: EdgeSIEM's extension of PocketSIEM's format. */
export const LIST_PIECE = "@list:";
const LIST_NAME = /^[A-Za-z0-9_]{1,64}$/;

interface Pieces {
  strings: string[];
  lists: string[];
}

export type PatternResult = { ok: true; pattern: SimplePattern } | { ok: false; reason: string };

function pieces(part: string, side: "before" | "after"): Pieces | string {
  const where = side === "before" ? "before '%'" : "after '%'";
  const split = part.split("*");
  if (split.some((piece) => piece === "")) {
    return split.length === 1
      ? `nothing ${where}`
      : `empty piece ${where} (a '*' at either end or '**'): '*' joins strings, it is not a wildcard`;
  }
  const lists = split.filter((piece) => piece.startsWith(LIST_PIECE)).map((piece) => piece.slice(LIST_PIECE.length));
  const badList = lists.find((name) => !LIST_NAME.test(name));
  if (badList !== undefined)
    return `'${LIST_PIECE}${badList}' ${where} does not name an IP list (letters, digits, '_')`;
  const strings = split.filter((piece) => !piece.startsWith(LIST_PIECE));
  const short = strings.find((piece) => piece.length === 1);
  if (short !== undefined) {
    return `piece '${short}' ${where} is one character long and would match almost any text (PocketSIEM never fired such rules)`;
  }
  return { strings: strings.map((piece) => piece.toLowerCase()), lists };
}

export function parsePattern(text: string): PatternResult {
  const pattern = text.trim();
  if (pattern === "") return { ok: false, reason: "empty pattern" };
  const parts = pattern.split("%");
  if (parts.length > 2) return { ok: false, reason: "more than one '%': only the first part after '%' can exclude" };
  const include = pieces(parts[0] ?? "", "before");
  if (typeof include === "string") return { ok: false, reason: include };
  const exclude = parts.length === 1 ? { strings: [], lists: [] } : pieces(parts[1] ?? "", "after");
  if (typeof exclude === "string") return { ok: false, reason: exclude };
  return {
    ok: true,
    pattern: {
      include: include.strings,
      exclude: exclude.strings,
      includeLists: include.lists,
      excludeLists: exclude.lists,
    },
  };
}

/** `detail` must already be lower-cased (EventView.detailText() is). */
export function matchesDetail(pattern: SimplePattern, detail: string): boolean {
  for (const piece of pattern.include) if (!detail.includes(piece)) return false;
  for (const piece of pattern.exclude) if (detail.includes(piece)) return false;
  return true;
}
