import { describe, expect, it } from "vitest";
import { compileSigmaRegex } from "../../../../worker/detect/sigma/regex.ts";
import { requiredRegexLiterals } from "../../../../worker/detect/sigma/regex-literals.ts";
import { compileErrors, processEvent, processRule, verdicts } from "./support.ts";

const compiled = (pattern: string) => {
  const result = compileSigmaRegex(pattern, []);
  if (!result.ok) throw new Error(result.reason);
  return result.regex;
};

describe("PCRE inline flags", () => {
  it("turns leading (?i), (?s), (?m) and combinations into RegExp flags", () => {
    expect(compiled("(?i)abc").flags).toBe("i");
    expect(compiled("(?is)a.c").flags).toBe("is");
    expect(compiled("(?m)(?s)^a").flags).toBe("ms");
    expect(compiled("(?i)abc").test("xABCx")).toBe(true);
  });

  it("never adds the u flag, which rejects escapes rules use", () => {
    expect(compiled("\\-enc\\s\\{").flags).toBe("");
    expect(compiled("\\-enc\\s\\{").test("-enc {")).toBe(true);
  });

  it("matches a rule's (?i) regex case-insensitively", () => {
    const events = [processEvent({ CommandLine: "IEX (New-Object)" }), processEvent({ CommandLine: "nothing" })];
    expect(verdicts("sel:\n  CommandLine|re: '(?i)iex\\s*\\('\ncondition: sel", events)).toEqual([true, false]);
  });
});

describe("PCRE-only syntax", () => {
  it("translates \\A, \\z and \\Z anchors", () => {
    expect(compiled("\\Aab").test("ab")).toBe(true);
    expect(compiled("\\Aab").test("xab")).toBe(false);
    expect(compiled("ab\\z").test("ab\n")).toBe(false);
    expect(compiled("ab\\Z").test("ab\n")).toBe(true);
  });

  it("lets $ match before a final newline, as PCRE does", () => {
    expect(compiled("ab$").test("ab\n")).toBe(true);
    expect(compiled("ab$").test("ab\nc")).toBe(false);
  });

  it("translates (?P<name>...) named groups", () => {
    expect(compiled("(?P<x>a+)b").exec("aab")?.groups?.x).toBe("aa");
  });

  it("reads a ] right after [ as a literal", () => {
    expect(compiled("[]a]+").test("]")).toBe(true);
  });

  it("refuses what it cannot translate, naming it", () => {
    const reason = (pattern: string) => {
      const result = compileSigmaRegex(pattern, []);
      return result.ok ? null : result.reason;
    };
    expect(reason("a++")).toContain("possessive quantifier");
    expect(reason("(?>ab)")).toContain("atomic group");
    expect(reason("a(?i)b")).toContain("inline flag group inside the pattern");
    expect(reason("[[:alpha:]]")).toContain("POSIX character class");
    expect(reason("\\h+")).toContain("\\h");
    expect(reason("(?x)a")).toContain("inline flag 'x'");
    expect(reason("a{2")).toBeNull();
  });

  it("reports an invalid regex as a compile error on its value's line", () => {
    expect(compileErrors(processRule("sel:\n  CommandLine|re: 'a(b'\ncondition: sel"))).toEqual([
      { line: 8, reason: expect.stringContaining("invalid regex") },
    ]);
  });
});

describe("literals a regex requires (its prefilter)", () => {
  it("takes the longest run of plain characters", () => {
    expect(requiredRegexLiterals("cmd.{0,5}(?:/c|/r).+powershell")).toEqual(["powershell"]);
    expect(requiredRegexLiterals("\\\\mypipe-(?:f|h)[0-9a-f]{2}")).toEqual(["\\mypipe-"]);
  });

  it("drops characters a quantifier makes optional", () => {
    expect(requiredRegexLiterals("abcdx?yz")).toEqual(["abcd"]);
    expect(requiredRegexLiterals("abcd{0,3}")).toEqual(["abc"]);
    expect(requiredRegexLiterals("abcd+ef")).toEqual(["abcd"]);
  });

  it("needs one literal per top-level alternative", () => {
    expect(requiredRegexLiterals("(?:a|b)x|foobar|bazqux")).toBeNull();
    expect(requiredRegexLiterals("foobar|bazqux")).toEqual(["foobar", "bazqux"]);
  });

  it("has none for a regex of classes and escapes", () => {
    expect(requiredRegexLiterals("^[a-z]+\\d{3}$")).toBeNull();
  });

  it("lower-cases them, since the prefilter reads lower-cased values", () => {
    expect(requiredRegexLiterals("Invoke-Mimikatz")).toEqual(["invoke-mimikatz"]);
  });
});
