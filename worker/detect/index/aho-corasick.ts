/**
 * Aho–Corasick over many literals at once, built as a full transition table (a DFA), so a scan
 * costs one table read per character of the text whatever the number of literals. To keep the
 * table small, only the most frequent characters of the literals get a column of their own; the
 * rarer ones share one column. A shared column can report a literal whose rare characters differ
 * from the text's: a prefilter may over-report, never miss.
 */

/** Columns of the table: characters no literal has, the shared rare column, and the frequent ones. */
const MAX_WIDTH = 96;
const ABSENT = 0;
const RARE = 1;

export class AhoCorasick {
  readonly #ascii = new Int32Array(128);
  readonly #other = new Map<number, number>();
  readonly #width: number;
  readonly #delta: Uint16Array | Int32Array;
  /** Per state: the patterns that end exactly there (several when they differ only in rare characters). */
  readonly #own: (readonly number[] | undefined)[];
  /** Per state: the nearest state (itself included) where a pattern ends, or -1. */
  readonly #report: Int32Array;
  /** Per state: the next shorter suffix state where a pattern ends, or -1. */
  readonly #next: Int32Array;
  /** Per state: the scan number that last reported it, so a text's repeats report once. */
  readonly #seen: Uint32Array;

  /** `patterns` must be non-empty; matches report their index in this list. */
  constructor(patterns: readonly string[]) {
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
    const states = children.length;
    this.#delta = states <= 0xffff ? new Uint16Array(states * this.#width) : new Int32Array(states * this.#width);
    this.#own = own;
    this.#report = new Int32Array(states).fill(-1);
    this.#next = new Int32Array(states).fill(-1);
    this.#seen = new Uint32Array(states);
    this.#build(children);
  }

  #assignColumns(patterns: readonly string[]): number {
    const counts = new Map<number, number>();
    for (const pattern of patterns) {
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        counts.set(code, (counts.get(code) ?? 0) + 1);
      }
    }
    const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([code]) => code);
    let width = RARE + 1;
    for (const code of byFrequency) {
      const column = width < MAX_WIDTH ? width++ : RARE;
      if (code < 128) this.#ascii[code] = column;
      else this.#other.set(code, column);
    }
    return width;
  }

  #column(code: number): number {
    return code < 128 ? (this.#ascii[code] ?? ABSENT) : (this.#other.get(code) ?? ABSENT);
  }

  /** Breadth-first: each state's failure target is complete before the state is filled in. */
  #build(children: Map<number, number>[]): void {
    const width = this.#width;
    const delta = this.#delta;
    const fail = new Int32Array(children.length);
    const queue: number[] = [];
    for (const [column, child] of children[0] ?? []) {
      delta[column] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const failure = fail[state] ?? 0;
      this.#next[state] = this.#report[failure] ?? -1;
      this.#report[state] = this.#own[state] !== undefined ? state : (this.#next[state] ?? -1);
      const row = state * width;
      const failRow = failure * width;
      for (let column = 0; column < width; column++) delta[row + column] = delta[failRow + column] ?? 0;
      for (const [column, child] of children[state] ?? []) {
        fail[child] = delta[failRow + column] ?? 0;
        delta[row + column] = child;
        queue.push(child);
      }
    }
  }

  /**
   * Calls `onMatch` with the index of each pattern found in `text`. Within one `scan` number a
   * pattern is reported at most once, across all texts scanned with that number.
   */
  scan(text: string, scan: number, onMatch: (pattern: number) => void): void {
    const ascii = this.#ascii;
    const delta = this.#delta;
    const report = this.#report;
    const width = this.#width;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const column = code < 128 ? (ascii[code] as number) : (this.#other.get(code) ?? ABSENT);
      state = delta[state * width + column] as number;
      const hit = report[state] as number;
      if (hit >= 0 && this.#seen[hit] !== scan) this.#reportFrom(hit, scan, onMatch);
    }
  }

  #reportFrom(first: number, scan: number, onMatch: (pattern: number) => void): void {
    for (let state = first; state >= 0 && this.#seen[state] !== scan; state = this.#next[state] ?? -1) {
      this.#seen[state] = scan;
      for (const pattern of this.#own[state] ?? []) onMatch(pattern);
    }
  }
}
