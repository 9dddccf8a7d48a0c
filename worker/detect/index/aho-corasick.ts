/**
 * Aho–Corasick over many lower-case literals at once, run as a transition table (a DFA), so a scan
 * costs one table read per character of the text whatever the number of literals. The table is
 * filled as scans need it: the trie's own edges are written when it is built, any other transition
 * is worked out through the failure links the first time a scan takes it, then read from the table.
 * Filling every state's row up front costs states x characters, tens of milliseconds for each of
 * the thousands-of-literals automata a SigmaHQ route needs, in the first batch of a cold isolate,
 * while scans only ever visit a sliver of the table. Texts are scanned in whatever case they come,
 * their characters folded (see case-fold.ts); a text holding `İ` is lowered first, as the
 * automaton must see the two characters it lowers to.
 */
import { CAPITAL_I_WITH_DOT, foldedCode } from "./case-fold.ts";

/** Column of the characters no literal holds. */
const ABSENT = 0;

/**
 * A table entry not worked out yet. Entries are row offsets (`state * width`, negated when the
 * state reports) and the width is at least 2, so 1 is never one.
 */
const UNKNOWN = 1;

/** The trie as built from the literals, before it is renumbered breadth-first. */
interface Trie {
  states: number;
  /** Per edge, in insertion order: parent state, column, child state. */
  parent: number[];
  column: number[];
  child: number[];
  own: (number[] | undefined)[];
}

export class AhoCorasick {
  /** No literal is shorter: a shorter text cannot hold one. */
  readonly minLength: number;
  /** Per ASCII code: the column of its folded form. */
  readonly #ascii = new Int32Array(128);
  readonly #width: number;
  /**
   * Per state row and column: the next state as the offset of its row (`state * width`), so the
   * scan adds instead of multiplies; negated when a pattern ends there or at one of its suffixes,
   * so the scan needs no second read to know it must report. The start state (row 0) never
   * reports. UNKNOWN until the trie or a scan sets it.
   */
  readonly #delta: Int32Array;
  /** Per state: the longest proper suffix that is a state (the start state's is itself). */
  readonly #fail: Int32Array;
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
    const trie = this.#trie(patterns);
    const { order, rank } = breadthFirst(trie);
    const states = trie.states;
    this.#delta = new Int32Array(states * this.#width).fill(UNKNOWN);
    this.#fail = new Int32Array(states);
    this.#next = new Int32Array(states).fill(-1);
    this.#seen = new Uint32Array(states);
    this.#own = order.map((state) => trie.own[state]);
    this.#link(trie, rank);
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

  /** The literals' trie, its edges in flat lists: one lookup map for the whole trie, not one per state. */
  #trie(patterns: readonly string[]): Trie {
    const trie: Trie = { states: 1, parent: [], column: [], child: [], own: [] };
    const edges = new Map<number, number>();
    patterns.forEach((pattern, index) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const column = this.#column(pattern.charCodeAt(i));
        const key = state * this.#width + column;
        let next = edges.get(key);
        if (next === undefined) {
          next = trie.states++;
          edges.set(key, next);
          trie.parent.push(state);
          trie.column.push(column);
          trie.child.push(next);
        }
        state = next;
      }
      const ending = trie.own[state] ?? [];
      ending.push(index);
      trie.own[state] = ending;
    });
    return trie;
  }

  /**
   * Writes the trie's edges (renumbered breadth-first) into the table, then the failure and report
   * links state by state in that order: a state's failure target is shallower, so it is complete
   * before the state is linked. Linear in the trie, not in the table.
   */
  #link(trie: Trie, rank: Int32Array): void {
    const width = this.#width;
    const delta = this.#delta;
    const states = trie.states;
    const edges = trie.child.length;
    const parents = new Int32Array(edges);
    const children = new Int32Array(edges);
    const childCount = new Int32Array(states);
    const columnOf = new Int32Array(states);
    for (let edge = 0; edge < edges; edge++) {
      const parent = rank[trie.parent[edge] as number] as number;
      const child = rank[trie.child[edge] as number] as number;
      parents[edge] = parent;
      children[edge] = child;
      columnOf[child] = trie.column[edge] as number;
      childCount[parent] = (childCount[parent] as number) + 1;
      // Offsets while linking: state 1's would be 1, UNKNOWN, as a bare state number.
      delta[parent * width + (trie.column[edge] as number)] = child * width;
    }
    const reports = new Uint8Array(states);
    // Breadth-first numbering puts each state's children next to each other, after its elders' children.
    let firstChild = 1;
    for (let state = 0; state < states; state++) {
      if (state !== 0) {
        const failure = this.#fail[state] as number;
        this.#next[state] = this.#own[failure] !== undefined ? failure : (this.#next[failure] as number);
        reports[state] = this.#own[state] !== undefined || this.#next[state] !== -1 ? 1 : 0;
      }
      const count = childCount[state] as number;
      for (let child = firstChild; child < firstChild + count; child++) {
        this.#fail[child] = state === 0 ? 0 : this.#trieGoto(this.#fail[state] as number, columnOf[child] as number);
      }
      firstChild += count;
    }
    for (let edge = 0; edge < edges; edge++) {
      const child = children[edge] as number;
      const at = (parents[edge] as number) * width + (columnOf[child] as number);
      delta[at] = reports[child] === 1 ? -child * width : child * width;
    }
    for (let column = 0; column < width; column++) if (delta[column] === UNKNOWN) delta[column] = 0;
  }

  /** While linking (the table holds only the trie's edges): the state `column` leads to from `from`. */
  #trieGoto(from: number, column: number): number {
    let state = from;
    for (;;) {
      const offset = this.#delta[state * this.#width + column] as number;
      if (offset !== UNKNOWN) return offset / this.#width;
      if (state === 0) return 0;
      state = this.#fail[state] as number;
    }
  }

  /** The table entry at `row` (a state's offset) and `column`: its longest suffix state's, worked out and kept. */
  #resolve(row: number, column: number): number {
    const width = this.#width;
    const delta = this.#delta;
    let state = this.#fail[row / width] as number;
    let entry = delta[state * width + column] as number;
    while (entry === UNKNOWN) {
      state = this.#fail[state] as number;
      entry = delta[state * width + column] as number;
    }
    delta[row + column] = entry;
    return entry;
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
      let entry = delta[row + column] as number;
      if (entry === UNKNOWN) entry = this.#resolve(row, column);
      row = entry;
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
 * The trie's states in breadth-first order: the shallow states, where a scan spends nearly all its
 * time, then share a few cache lines of the table instead of being spread through megabytes of it.
 * `rank` maps a state to its place in the order.
 */
function breadthFirst(trie: Trie): { order: number[]; rank: Int32Array } {
  const childrenStart = new Int32Array(trie.states + 1);
  for (const parent of trie.parent) childrenStart[parent + 1] = (childrenStart[parent + 1] as number) + 1;
  for (let state = 0; state < trie.states; state++) {
    childrenStart[state + 1] = (childrenStart[state + 1] as number) + (childrenStart[state] as number);
  }
  const filled = childrenStart.slice(0, trie.states);
  const children = new Int32Array(trie.child.length);
  trie.parent.forEach((parent, edge) => {
    const at = filled[parent] as number;
    children[at] = trie.child[edge] as number;
    filled[parent] = at + 1;
  });
  const order = [0];
  for (let head = 0; head < order.length; head++) {
    const state = order[head] as number;
    for (let at = childrenStart[state] as number; at < (childrenStart[state + 1] as number); at++) {
      order.push(children[at] as number);
    }
  }
  const rank = new Int32Array(trie.states);
  order.forEach((state, index) => {
    rank[state] = index;
  });
  return { order, rank };
}
