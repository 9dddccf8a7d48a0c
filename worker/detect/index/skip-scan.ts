/**
 * Wu–Manber search for a few long literals: the text is read through a window as long as the
 * shortest literal, judged by its last two characters. A pair no literal holds moves the window
 * by its whole length, so most characters are never read; only where the pair ends some literal's
 * window are the literals ending there compared. For SigmaHQ's keyword literals (nine characters
 * and more), searched in every value of every event, that reads about one character in eight
 * where a full automaton reads them all.
 *
 * Characters fold as case-fold.ts says, `İ` to `i`: the text is never lowered, so a lowered `İ`
 * (`i` and U+0307) is one character here. A literal found in `text.toLowerCase()` is still found,
 * as long as it holds no U+0307: one that only ends with that `i` ends with the `İ`. Only such sets
 * are scanned this way.
 */

import { foldedCode } from "./case-fold.ts";

/** Both characters of a pair, each folded to 7 bits. */
const PAIRS = 1 << 14;

const pairOf = (first: number, second: number) => (first << 7) | second;

export class SkipScan {
  /** No literal is shorter: a shorter text cannot hold one. */
  readonly minLength: number;
  /** Per pair: how far the window may move when its last two characters are that pair. */
  readonly #shift: Uint8Array;
  /** Per pair of shift 0: the literals whose first `minLength` characters end with it. */
  readonly #endingWith = new Map<number, number[]>();
  readonly #folded: readonly Uint8Array[];
  /** Per literal: the scan number that last reported it, so a text's repeats report once. */
  readonly #seen: Uint32Array;

  /** Literals must be lower-case, at least two characters long and free of U+0307 (see `canScan`). */
  constructor(patterns: readonly string[]) {
    if (!SkipScan.canScan(patterns)) throw new Error("skip scan needs literals of two characters or more, no U+0307");
    const window = Math.min(...patterns.map((pattern) => pattern.length));
    this.minLength = window;
    this.#folded = patterns.map((pattern) =>
      Uint8Array.from({ length: pattern.length }, (_, at) => foldedCode(pattern.charCodeAt(at))),
    );
    this.#shift = new Uint8Array(PAIRS).fill(Math.min(window - 1, 255));
    this.#folded.forEach((folded, index) => {
      for (let end = 1; end < window; end++) {
        const pair = pairOf(folded[end - 1] as number, folded[end] as number);
        const shift = window - 1 - end;
        if (shift < (this.#shift[pair] as number)) this.#shift[pair] = shift;
        if (shift === 0) this.#endingWith.set(pair, [...(this.#endingWith.get(pair) ?? []), index]);
      }
    });
    this.#seen = new Uint32Array(patterns.length);
  }

  /** Whether a set of lower-case literals can be searched this way. */
  static canScan(patterns: readonly string[]): boolean {
    return patterns.length > 0 && patterns.every((pattern) => pattern.length >= 2 && !pattern.includes("\u0307"));
  }

  /**
   * Calls `onMatch` with the index of each literal found in `text.toLowerCase()`, and maybe of a
   * few more (non-ASCII characters all fold to one). Within one `scan` number a literal is
   * reported at most once, across all texts scanned with that number.
   */
  scan(text: string, scan: number, onMatch: (pattern: number) => void): void {
    const shifts = this.#shift;
    const window = this.minLength;
    for (let end = window - 1; end < text.length; ) {
      const pair = pairOf(foldedCode(text.charCodeAt(end - 1)), foldedCode(text.charCodeAt(end)));
      const shift = shifts[pair] as number;
      if (shift > 0) {
        end += shift;
        continue;
      }
      this.#compare(text, pair, end + 1 - window, scan, onMatch);
      end++;
    }
  }

  /** Compares the literals whose window ends with `pair` with the text from `start`. */
  #compare(text: string, pair: number, start: number, scan: number, onMatch: (pattern: number) => void): void {
    for (const index of this.#endingWith.get(pair) ?? []) {
      if (this.#seen[index] === scan) continue;
      const folded = this.#folded[index] as Uint8Array;
      if (start + folded.length > text.length) continue;
      let at = 0;
      while (at < folded.length && foldedCode(text.charCodeAt(start + at)) === folded[at]) at++;
      if (at < folded.length) continue;
      this.#seen[index] = scan;
      onMatch(index);
    }
  }
}
