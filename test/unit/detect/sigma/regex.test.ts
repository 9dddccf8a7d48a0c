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
  it("turns leading (?i), (?s), (?m) and combinations into the engine's flags", () => {
    expect(compiled("(?i)abc").test("xABCx")).toBe(true);
    expect(compiled("abc").test("xABCx")).toBe(false);
    expect(compiled("(?is)a.c").test("A\nC")).toBe(true);
    expect(compiled("(?m)(?s)^a.b").test("x\na\nb")).toBe(true);
    expect(compiled("^a.b").test("x\na\nb")).toBe(false);
  });

  it("keeps a flag group inside the pattern to the rest of its group", () => {
    expect(compiled("a(?i)b").test("aB")).toBe(true);
    expect(compiled("a(?i:b)c").test("aBc")).toBe(true);
    expect(compiled("a(?i:b)c").test("aBC")).toBe(false);
  });

  it("accepts the escapes of punctuation rules use", () => {
    expect(compiled("\\-enc\\s\\{\\/").test("-enc {/")).toBe(true);
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

  it("reads (?P<name>...) and (?<name>...) named groups", () => {
    expect(compiled("(?P<x>a+)b").test("aab")).toBe(true);
    expect(compiled("(?<x>a+)b").test("aab")).toBe(true);
  });

  it("runs a captureless lookbehind", () => {
    expect(compiled("(?<=foo)bar").test("foobar")).toBe(true);
    expect(compiled("(?<!foo)bar").test("foobar")).toBe(false);
    expect(compiled("(?<!foo)bar").test("fobar")).toBe(true);
  });

  it("reads hex and octal escapes", () => {
    expect(compiled("\\x41\\x{42}\\0").test("AB\0")).toBe(true);
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
    expect(reason("a(?x:b)")).toContain("inline flag group '(?x:' uses a flag other than i, m, s");
    expect(reason("[[:alpha:]]")).toContain("POSIX character class");
    expect(reason("\\h+")).toContain("\\h");
    expect(reason("(?x)a")).toContain("inline flag 'x'");
    expect(reason("a{2")).toBeNull();
  });

  it("refuses what the linear-time engine cannot run, naming it", () => {
    const reason = (pattern: string) => {
      const result = compileSigmaRegex(pattern, []);
      return result.ok ? null : result.reason;
    };
    expect(reason("(a)\\1")).toBe("the linear-time regex engine (RE2) cannot run a backreference (\\1)");
    expect(reason("(?<n>a)\\k<n>")).toContain("\\k<name> (backreference)");
    expect(reason("(?P<n>a)(?P=n)")).toContain("backreference (?P=name)");
    expect(reason("a(?=b)")).toContain("cannot run lookahead (?=...)");
    expect(reason("a(?!b)")).toContain("cannot run negative lookahead (?!...)");
    expect(reason("(?<=a(b))c")).toContain("invalid capture in lookbehind");
  });

  it("reports an invalid regex as a compile error on its value's line", () => {
    expect(compileErrors(processRule("sel:\n  CommandLine|re: 'a(b'\ncondition: sel"))).toEqual([
      { line: 8, reason: expect.stringContaining("invalid regex") },
    ]);
  });
});

describe("linear-time matching", () => {
  it("compiles every rule regex for RE2", () => {
    expect(compiled("(a+)+$").engine).toBe("re2");
  });

  it("answers (a+)+$ on text that makes a backtracking engine take exponential time", () => {
    const regex = compiled("(a+)+$");
    for (const length of [27, 40, 100_000]) {
      expect(regex.test(`${"a".repeat(length)}!`)).toBe(false);
      expect(regex.test("a".repeat(length))).toBe(true);
    }
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

  it("takes no digit of a hex or octal escape for a plain character", () => {
    expect(requiredRegexLiterals("\\x41bcd")).toEqual(["bcd"]);
    expect(requiredRegexLiterals("\\x{263a}123")).toEqual(["123"]);
    expect(requiredRegexLiterals("\\012345")).toEqual(["345"]);
  });

  it("has none for a regex of classes and escapes", () => {
    expect(requiredRegexLiterals("^[a-z]+\\d{3}$")).toBeNull();
  });

  it("lower-cases them, since the prefilter reads lower-cased values", () => {
    expect(requiredRegexLiterals("Invoke-Mimikatz")).toEqual(["invoke-mimikatz"]);
  });
});
