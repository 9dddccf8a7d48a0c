import { describe, expect, it } from "vitest";
import { compileGlob, testGlob } from "../../../../worker/detect/sigma/glob.ts";
import { parseSigmaString } from "../../../../worker/detect/sigma/sigma-string.ts";

const matches = (pattern: string, value: string) => testGlob(compileGlob(parseSigmaString(pattern)), value);

describe("wildcard strings with * inside", () => {
  it("anchors the text before the first * and after the last", () => {
    expect(matches("ab*cd", "abXcd")).toBe(true);
    expect(matches("ab*cd", "abcd")).toBe(true);
    expect(matches("ab*cd", "xabXcd")).toBe(false);
    expect(matches("ab*cd", "abXcdx")).toBe(false);
    expect(matches("abc*bcd", "abcd")).toBe(false);
  });

  it("finds the pieces between stars in order, without overlap", () => {
    expect(matches("*a*b*c*", "xxaxxbxxc")).toBe(true);
    expect(matches("*a*b*c*", "cxbxa")).toBe(false);
    expect(matches("*aa*aa*", "aaa")).toBe(false);
    expect(matches("*aa*aa*", "aaaa")).toBe(true);
    expect(matches("x*ab*b", "xabb")).toBe(true);
  });

  it("reads ? as exactly one character, inside pieces and alone", () => {
    expect(matches("a?c*", "abcZ")).toBe(true);
    expect(matches("a?c*", "acZ")).toBe(false);
    expect(matches("*?", "")).toBe(false);
    expect(matches("*?", "x")).toBe(true);
    expect(matches("a??", "abc")).toBe(true);
    expect(matches("a??", "abcd")).toBe(false);
    expect(matches("*b?d*", "xxbcxbcdx")).toBe(true);
  });

  it("answers many stars on text that almost matches, which a backtracking regex cannot", () => {
    const text = "a".repeat(200_000);
    expect(matches("*a*a*a*a*a*a*a*a*b", text)).toBe(false);
    expect(matches("*a*a*a*a*a*a*a*a*a", text)).toBe(true);
  });
});
