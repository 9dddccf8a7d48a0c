/**
 * Aho–Corasick over many lower-case literals at once, built as a full transition table (a DFA), so
 * a scan costs one table read per character of the text whatever the number of literals. Texts
 * are scanned in whatever case they come, their characters folded (see case-fold.ts); a text
 * holding `İ` is lowered first, as the automaton must see the two characters it lowers to.
 */
import { CAPITAL_I_WITH_DOT, foldedCode } from "./case-fold.ts";

/** Column of the characters no literal holds. */
const ABSENT = 0;

export class AhoCorasick {
  /** No literal is shorter: a shorter text cannot hold one. */
  readonly minLength: number;
  /** Per ASCII code: the column of its folded form. */
  readonly #ascii = new Int32Array(128);
  readonly #width: number;
  /**
   * Per state row and column: the next state as the offset of its row (`state * width`), so the
   * scan adds instead of multiplies; negated when a pattern ends there or at one of its suffixes,
   * so the scan needs no second read to know it must report. The start state (row 0) never reports.
   */
  readonly #delta: Int32Array;
  /** Per state: the patterns that end exactly there (several when they fold alike). */
  readonly #own: (readonly number[] | undefined)[];
  /** Per state: the next shorter suffix state where a pattern ends, or -1. */
  readonly #next: Int32Array;
  /** Per state: the scan number that last reported it, so a text's repeats report once. */
  readonly #seen: Uint32Array;

  /** `patterns` must be non-empty lower-case texts; matches report their index in this list. */
  constructor(patterns: readonly string[]) {
    if (patterns.length === 0 || patterns.some((pattern) => pattern === "")) {
      throw new Error("Aho–Corasick needs at least one pattern and no empty one");
    }
    this.minLength = Math.min(...patterns.map((pattern) => pattern.length));
    this.#width = this.#assignColumns(patterns);
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [];
    patterns.forEach((pattern, index) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const column = this.#column(pattern.charCodeAt(i));
        const node = children[state] as Map<number, number>;
        let next = node.get(column);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          node.set(column, next);
        }
        state = next;
      }
      const ending = own[state] ?? [];
      ending.push(index);
      own[state] = ending;
    });
    const trie = breadthFirst(children, own);
    const states = trie.children.length;
    this.#delta = new Int32Array(states * this.#width);
    this.#own = trie.own;
    this.#next = new Int32Array(states).fill(-1);
    this.#seen = new Uint32Array(states);
    this.#build(trie.children);
  }

  /** Each folded character of a pattern gets its own column; the others share ABSENT. */
  #assignColumns(patterns: readonly string[]): number {
    const columnOf = new Int32Array(128);
    let width = ABSENT + 1;
    for (const pattern of patterns) {
      for (let i = 0; i < pattern.length; i++) {
        const code = foldedCode(pattern.charCodeAt(i));
        if (columnOf[code] === ABSENT) columnOf[code] = width++;
      }
    }
    for (let code = 0; code < 128; code++) this.#ascii[code] = columnOf[foldedCode(code)] ?? ABSENT;
    return width;
  }

  #column(code: number): number {
    return this.#ascii[foldedCode(code)] ?? ABSENT;
  }

  /**
   * Breadth-first: each state's failure target is complete before the state is filled in. The
   * table holds state numbers until every state's reporting is known, then row offsets.
   */
  #build(children: Map<number, number>[]): void {
    const width = this.#width;
    const delta = this.#delta;
    const fail = new Int32Array(children.length);
    /** Per state: whether a pattern ends there or at one of its suffixes. */
    const reports = new Uint8Array(children.length);
    const queue: number[] = [];
    for (const [column, child] of children[0] ?? []) {
      delta[column] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const failure = fail[state] ?? 0;
      this.#next[state] = this.#own[failure] !== undefined ? failure : (this.#next[failure] ?? -1);
      reports[state] = this.#own[state] !== undefined || this.#next[state] !== -1 ? 1 : 0;
      const row = state * width;
      const failRow = failure * width;
      for (let column = 0; column < width; column++) delta[row + column] = delta[failRow + column] ?? 0;
      for (const [column, child] of children[state] ?? []) {
        fail[child] = delta[failRow + column] ?? 0;
        delta[row + column] = child;
        queue.push(child);
      }
    }
    for (let i = 0; i < delta.length; i++) {
      const state = delta[i] ?? 0;
      delta[i] = reports[state] === 1 ? -state * width : state * width;
    }
  }

  /**
   * Calls `onMatch` with the index of each pattern found in `text.toLowerCase()`, and maybe of a
   * few more (non-ASCII characters all fold to one). Within one `scan` number a pattern is reported at most once, across
   * all texts scanned with that number.
   */
  scan(text: string, scan: number, onMatch: (pattern: number) => void): void {
    const ascii = this.#ascii;
    const delta = this.#delta;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let column: number;
      if (code < 128) column = ascii[code] as number;
      else if (code === CAPITAL_I_WITH_DOT) {
        this.scan(text.toLowerCase(), scan, onMatch);
        return;
      } else column = this.#column(code);
      row = delta[row + column] as number;
      if (row < 0) {
        row = -row;
        this.#reportFrom(row / this.#width, scan, onMatch);
      }
    }
  }

  /** Reports the patterns ending at `reached` and at its suffixes, those not reported yet in this scan. */
  #reportFrom(reached: number, scan: number, onMatch: (pattern: number) => void): void {
    const first = this.#own[reached] !== undefined ? reached : (this.#next[reached] ?? -1);
    for (let state = first; state >= 0 && this.#seen[state] !== scan; state = this.#next[state] ?? -1) {
      this.#seen[state] = scan;
      for (const pattern of this.#own[state] ?? []) onMatch(pattern);
    }
  }
}

/**
 * The trie renumbered breadth-first: the shallow states, where a scan spends nearly all its time,
 * then share a few cache lines of the table instead of being spread through megabytes of it.
 */
function breadthFirst(
  children: readonly Map<number, number>[],
  own: readonly (number[] | undefined)[],
): { children: Map<number, number>[]; own: (number[] | undefined)[] } {
  const order = [0];
  for (let head = 0; head < order.length; head++) {
    for (const child of children[order[head] as number]?.values() ?? []) order.push(child);
  }
  const renumbered = new Int32Array(children.length);
  order.forEach((state, index) => {
    renumbered[state] = index;
  });
  return {
    children: order.map(
      (state) => new Map([...(children[state] ?? [])].map(([column, child]) => [column, renumbered[child] ?? 0])),
    ),
    own: order.map((state) => own[state]),
  };
}
