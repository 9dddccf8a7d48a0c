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
}

export type PatternResult = { ok: true; pattern: SimplePattern } | { ok: false; reason: string };

function pieces(part: string, side: "before" | "after"): string[] | string {
  const where = side === "before" ? "before '%'" : "after '%'";
  const split = part.split("*");
  if (split.some((piece) => piece === "")) {
    return split.length === 1
      ? `nothing ${where}`
      : `empty piece ${where} (a '*' at either end or '**'): '*' joins strings, it is not a wildcard`;
  }
  const short = split.find((piece) => piece.length === 1);
  if (short !== undefined) {
    return `piece '${short}' ${where} is one character long and would match almost any text (PocketSIEM never fired such rules)`;
  }
  return split.map((piece) => piece.toLowerCase());
}

export function parsePattern(text: string): PatternResult {
  const pattern = text.trim();
  if (pattern === "") return { ok: false, reason: "empty pattern" };
  const parts = pattern.split("%");
  if (parts.length > 2) return { ok: false, reason: "more than one '%': only the first part after '%' can exclude" };
  const include = pieces(parts[0] ?? "", "before");
  if (typeof include === "string") return { ok: false, reason: include };
  if (parts.length === 1) return { ok: true, pattern: { include, exclude: [] } };
  const exclude = pieces(parts[1] ?? "", "after");
  if (typeof exclude === "string") return { ok: false, reason: exclude };
  return { ok: true, pattern: { include, exclude } };
}

/** `detail` must already be lower-cased (EventView.detailText() is). */
export function matchesDetail(pattern: SimplePattern, detail: string): boolean {
  for (const piece of pattern.include) if (!detail.includes(piece)) return false;
  for (const piece of pattern.exclude) if (detail.includes(piece)) return false;
  return true;
}
