import { describe, expect, it } from "vitest";
import { AhoCorasick } from "../../../worker/detect/index/aho-corasick.ts";

function found(patterns: string[], texts: string[]): Set<number> {
  const automaton = new AhoCorasick(patterns);
  const hits = new Set<number>();
  for (const text of texts) automaton.scan(text, 1, (pattern) => hits.add(pattern));
  return hits;
}

/** A deterministic pseudo-random generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe("Aho–Corasick", () => {
  it("reports every pattern present, overlapping and nested ones included, and no other", () => {
    const patterns = ["he", "she", "his", "hers", "\\cmd.exe", "cmd"];
    expect([...found(patterns, ["ushers"])].sort()).toEqual([0, 1, 3]);
    expect([...found(patterns, ["c:\\windows\\cmd.exe /c"])].sort()).toEqual([4, 5]);
    expect([...found(patterns, ["nothing here?"])].sort()).toEqual([0]);
  });

  it("reports a pattern once per scan number across several texts", () => {
    const automaton = new AhoCorasick(["ab"]);
    const hits: number[] = [];
    automaton.scan("abab", 7, (pattern) => hits.push(pattern));
    automaton.scan("xab", 7, (pattern) => hits.push(pattern));
    automaton.scan("ab", 8, (pattern) => hits.push(pattern));
    expect(hits).toEqual([0, 0]);
  });

  it("never misses a pattern, even with more distinct characters than the table has columns", () => {
    const next = random(42);
    const alphabet = Array.from({ length: 300 }, (_, i) => String.fromCharCode(33 + i));
    const pick = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * (next() < 0.8 ? 20 : alphabet.length))]).join("");
    for (let round = 0; round < 20; round++) {
      const patterns = [...new Set(Array.from({ length: 40 }, () => pick(1 + Math.floor(next() * 5))))];
      const texts = Array.from({ length: 5 }, () => pick(200));
      const present = patterns.flatMap((pattern, i) => (texts.some((text) => text.includes(pattern)) ? [i] : []));
      const hits = found(patterns, texts);
      for (const index of present) expect(hits.has(index)).toBe(true);
    }
  });
});
