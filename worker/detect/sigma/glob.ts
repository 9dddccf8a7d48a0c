/**
 * A Sigma wildcard string with `*` in the middle, matched without a regular expression: a
 * backtracking regex takes time to the power of the number of `*` on text that almost matches,
 * and the text is the attacker's. Between two `*` each piece is placed at its leftmost fit, which
 * is enough for `*` and `?` globs, so a test costs at most the value's length times the pattern's.
 */
import { ANY_CHARS, ONE_CHAR, type SigmaString } from "./sigma-string.ts";

/** A run of literal text and `?` (one UTF-16 unit, as the rest of the engine counts), fixed in length. */
type Piece = readonly (string | typeof ONE_CHAR)[];

export interface Glob {
  /** The piece before the first `*`, which must start the value (empty when the pattern starts with `*`). */
  readonly head: Piece;
  /** The pieces between `*`s, in order. */
  readonly middle: readonly Piece[];
  /** The piece after the last `*`, which must end the value; null when the pattern has no `*`. */
  readonly tail: Piece | null;
}

export function compileGlob(s: SigmaString): Glob {
  const pieces: (string | typeof ONE_CHAR)[][] = [[]];
  for (const part of s) {
    if (part === ANY_CHARS) pieces.push([]);
    else (pieces[pieces.length - 1] as (string | typeof ONE_CHAR)[]).push(typeof part === "string" ? part : ONE_CHAR);
  }
  const [head = [], ...rest] = pieces;
  const tail = rest.pop() ?? null;
  return { head, middle: rest.filter((piece) => piece.length > 0), tail };
}

export function testGlob(glob: Glob, value: string): boolean {
  const headLength = pieceLength(glob.head);
  if (glob.tail === null) return value.length === headLength && fitsAt(glob.head, value, 0);
  if (!fitsAt(glob.head, value, 0)) return false;
  let position = headLength;
  for (const piece of glob.middle) {
    const at = leftmostFit(piece, value, position);
    if (at < 0) return false;
    position = at + pieceLength(piece);
  }
  const tailStart = value.length - pieceLength(glob.tail);
  return tailStart >= position && fitsAt(glob.tail, value, tailStart);
}

function pieceLength(piece: Piece): number {
  let length = 0;
  for (const part of piece) length += typeof part === "string" ? part.length : 1;
  return length;
}

function fitsAt(piece: Piece, value: string, start: number): boolean {
  let at = start;
  for (const part of piece) {
    if (typeof part === "string") {
      if (!value.startsWith(part, at)) return false;
      at += part.length;
    } else {
      if (at >= value.length) return false;
      at++;
    }
  }
  return at <= value.length;
}

function leftmostFit(piece: Piece, value: string, from: number): number {
  const last = value.length - pieceLength(piece);
  const [first] = piece;
  for (let start = from; start <= last; start++) {
    if (typeof first === "string") {
      start = value.indexOf(first, start);
      if (start < 0 || start > last) return -1;
    }
    if (fitsAt(piece, value, start)) return start;
  }
  return -1;
}
