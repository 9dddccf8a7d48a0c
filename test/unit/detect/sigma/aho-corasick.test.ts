import { describe, expect, it } from "vitest";
import { AhoCorasick } from "../../../../worker/detect/index/aho-corasick.ts";
import { SkipScan } from "../../../../worker/detect/index/skip-scan.ts";

interface Scanner {
  scan(text: string, scan: number, onMatch: (pattern: number) => void): void;
}

const SCANNERS: [string, (patterns: string[]) => Scanner][] = [
  ["Aho–Corasick", (patterns) => new AhoCorasick(patterns)],
  ["skip scan", (patterns) => new SkipScan(patterns)],
];

let scans = 0;

/** The patterns found in any of the texts, in one scan of its own. */
function found(scanner: Scanner, texts: string[]): number[] {
  const hits = new Set<number>();
  const scan = ++scans;
  for (const text of texts) scanner.scan(text, scan, (pattern) => hits.add(pattern));
  return [...hits].sort((a, b) => a - b);
}

/** A deterministic pseudo-random generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe.each(SCANNERS)("%s", (_name, build) => {
  it("reports every pattern present, overlapping and nested ones included, and no other", () => {
    const scanner = build(["he", "she", "his", "hers", "\\cmd.exe", "cmd"]);
    expect(found(scanner, ["ushers"])).toEqual([0, 1, 3]);
    expect(found(scanner, ["c:\\windows\\cmd.exe /c"])).toEqual([4, 5]);
    expect(found(scanner, ["nothing here?"])).toEqual([0]);
  });

  it("reports a pattern once per scan number across several texts", () => {
    const scanner = build(["ab"]);
    const hits: number[] = [];
    scanner.scan("abab", 7, (pattern) => hits.push(pattern));
    scanner.scan("xab", 7, (pattern) => hits.push(pattern));
    scanner.scan("ab", 8, (pattern) => hits.push(pattern));
    expect(hits).toEqual([0, 0]);
  });

  it("finds lower-case patterns in text of any case, as lower-casing the text would", () => {
    const scanner = build(["\\cmd.exe", "kerberos::", "sekurlsa::"]);
    expect(found(scanner, ["C:\\WINDOWS\\Cmd.Exe"])).toEqual([0]);
    // KELVIN SIGN lower-cases to an ASCII k.
    expect(found(scanner, ["\u212AERBEROS::ptt"])).toEqual([1]);
    // İ lower-cases to two characters, i and U+0307.
    expect(found(scanner, ["SEKURLSA::\u0130x", "\u0130\u0130 \\cmd.exe"])).toEqual([0, 2]);
  });

  it("never misses a pattern that the lower-cased text holds (random texts, mixed case and scripts)", () => {
    const next = random(42);
    const lower = [..."abcdefghij:\\.-é"];
    // Upper case of every kind, the characters whose lower case is ASCII, and an astral capital (𐐀).
    const any = [...lower, ..."ABCDEFGHIJÉΣσς\u212A\u0130k\u{10400}"];
    const pick = (alphabet: string[], length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    for (let round = 0; round < 40; round++) {
      const texts = Array.from({ length: 5 }, () => pick(any, 1 + Math.floor(next() * 200)));
      const lowered = texts.map((text) => text.toLowerCase());
      // Half the patterns are cut from the lower-cased texts, so many are present.
      const patterns = [
        ...new Set(
          Array.from({ length: 30 }, (_, i) => {
            const length = 2 + Math.floor(next() * 6);
            const source = lowered[i % lowered.length] ?? "";
            const at = Math.floor(next() * Math.max(1, source.length - length));
            const cut = source.slice(at, at + length);
            return i % 2 === 0 && cut.length === length && !cut.includes("\u0307") ? cut : pick(lower, length);
          }),
        ),
      ];
      const hits = found(build(patterns), texts);
      const present = patterns.flatMap((pattern, i) => (lowered.some((text) => text.includes(pattern)) ? [i] : []));
      expect(present.filter((index) => !hits.includes(index))).toEqual([]);
    }
  });
});

describe("Aho–Corasick on what a skip scan cannot take", () => {
  it("finds patterns of one character and patterns holding U+0307, the second half of a lower-cased İ", () => {
    const automaton = new AhoCorasick(["x", "i\u0307y", "\u0307z"]);
    expect(found(automaton, ["X"])).toEqual([0]);
    expect(found(automaton, ["\u0130Y"])).toEqual([1]);
    expect(found(automaton, ["\u0130Z"])).toEqual([2]);
    expect(SkipScan.canScan(["x"])).toBe(false);
    expect(SkipScan.canScan(["i\u0307y"])).toBe(false);
  });
});
