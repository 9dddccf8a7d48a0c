/**
 * Text conditions built from what an analyst typed: `*` is the only wildcard (when the term has
 * wildcards), and case is ignored for ASCII letters, as SQLite's LIKE ignores it. A short pattern
 * is a LIKE (its own `%`, `_` and escape character kept literal); D1 refuses a LIKE pattern over 50
 * bytes, so a longer one is checked piece by piece with instr() and substr(), which take any length.
 */
import { type SQL, sql } from "drizzle-orm";

/** SQLite's SQLITE_MAX_LIKE_PATTERN_LENGTH as D1 sets it, in bytes. */
export const MAX_LIKE_PATTERN_BYTES = 50;

export interface TextPattern {
  text: string;
  /** Every `*` in `text` matches any run of characters. */
  wildcard: boolean;
  /** The pattern covers the whole value; otherwise it may match any part of it. */
  anchored: boolean;
}

export function textMatches(target: SQL, pattern: TextPattern): SQL {
  const typed = pattern.wildcard ? pattern.text.split("*") : [pattern.text];
  const pieces = pattern.anchored ? typed : ["", ...typed, ""];
  const like = pieces.map(escapeLike).join("%");
  if (new TextEncoder().encode(like).length <= MAX_LIKE_PATTERN_BYTES) return sql`${target} LIKE ${like} ESCAPE '\\'`;
  return piecewiseMatch(target, pieces);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Characters as SQLite's length(), substr() and instr() count them: code points. */
function length(text: string): SQL {
  return sql.raw(String([...text].length));
}

/**
 * The value, lower-cased once, is consumed from the left: the first piece must start it, each
 * middle piece is found at its leftmost place after the previous one (enough for `*`-only globs),
 * the last piece must end what remains. Each step is a subquery so the remainder is computed once.
 * `pieces` are the pattern split at `*`: one piece is the whole value, an empty first or last piece
 * leaves that end open.
 */
export function piecewiseMatch(target: SQL, pieces: readonly string[]): SQL {
  const head = pieces[0] ?? "";
  const tail = pieces.length > 1 ? (pieces[pieces.length - 1] ?? "") : null;
  const middle = pieces.slice(1, -1).filter((piece) => piece !== "");
  let steps = sql`(SELECT lower(${target}) AS r, 1 AS ok)`;
  if (head !== "") {
    steps = sql`(SELECT substr(r, ${length(head)} + 1) AS r, ok AND substr(r, 1, ${length(head)}) = lower(${head}) AS ok FROM ${steps})`;
  }
  for (const piece of middle) {
    const found = sql`(SELECT r, ok, instr(r, lower(${piece})) AS at FROM ${steps})`;
    steps = sql`(SELECT substr(r, at + ${length(piece)}) AS r, ok AND at > 0 AS ok FROM ${found})`;
  }
  if (tail === null) return sql`(SELECT ok AND r = '' FROM ${steps})`;
  if (tail === "") return sql`(SELECT ok FROM ${steps})`;
  return sql`(SELECT ok AND length(r) >= ${length(tail)} AND substr(r, length(r) - ${length(tail)} + 1) = lower(${tail}) FROM ${steps})`;
}
