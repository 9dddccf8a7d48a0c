import { describe, expect, it } from "vitest";
import { matchesDetail, parsePattern, type SimplePattern } from "../../../../worker/detect/simple/pattern.ts";

function compiled(text: string): SimplePattern {
  const result = parsePattern(text);
  if (!result.ok) expect.fail(`expected '${text}' to parse, got: ${result.reason}`);
  return result.pattern;
}

function reason(text: string): string {
  const result = parsePattern(text);
  if (result.ok) expect.fail(`expected '${text}' to be rejected`);
  return result.reason;
}

describe("simple-rule patterns", () => {
  it("requires every '*'-joined piece, in any order", () => {
    const pattern = compiled("net*group");
    expect(matchesDetail(pattern, "net group /domain")).toBe(true);
    expect(matchesDetail(pattern, "group policy via net.exe")).toBe(true);
    expect(matchesDetail(pattern, "net user bob")).toBe(false);
  });

  it("treats '*' as AND, not as a wildcard", () => {
    expect(matchesDetail(compiled("c:\\windows*.exe"), "c:\\windows\\x.dll")).toBe(false);
  });

  it("lets any piece after '%' veto the match (PocketSIEM's renamed-rundll32 example)", () => {
    const pattern = compiled(".exe*.dll,%rundll32");
    expect(matchesDetail(pattern, "c:\\temp\\svc.exe c:\\temp\\evil.dll,start")).toBe(true);
    expect(matchesDetail(pattern, "c:\\windows\\system32\\rundll32.exe c:\\temp\\evil.dll,start")).toBe(false);
    const multi = compiled("regsvr32*.dll%Program Files*C:\\WINDOWS");
    expect(matchesDetail(multi, "regsvr32 /s c:\\users\\a\\x.dll")).toBe(true);
    expect(matchesDetail(multi, "regsvr32 /s c:\\windows\\x.dll")).toBe(false);
    expect(matchesDetail(multi, "regsvr32 /s c:\\program files\\x.dll")).toBe(false);
  });

  it("ignores case by lower-casing the pieces (the detail text comes lower-cased)", () => {
    expect(compiled("Sys*tem*Net*Web*Cli*ent%.dll")).toEqual({
      include: ["sys", "tem", "net", "web", "cli", "ent"],
      exclude: [".dll"],
      includeLists: [],
      excludeLists: [],
    });
    expect(matchesDetail(compiled("WHOAMI"), "whoami /all")).toBe(true);
  });

  it("keeps '@list:' pieces apart, with their names as written", () => {
    expect(compiled("net*use%@list:File_Servers")).toEqual({
      include: ["net", "use"],
      exclude: [],
      includeLists: [],
      excludeLists: ["File_Servers"],
    });
  });

  it("keeps the spaces inside a piece, as PocketSIEM does", () => {
    const pattern = compiled("copy *.exe");
    expect(matchesDetail(pattern, "copy a.exe b.exe")).toBe(true);
    expect(matchesDetail(pattern, "xcopy.exe")).toBe(false);
  });

  it("rejects a one-character piece instead of keeping a rule that never fires", () => {
    expect(reason("del *.")).toMatch(/piece '\.' before '%' is one character long/);
    expect(reason("foo%x")).toMatch(/piece 'x' after '%' is one character long/);
  });

  it("rejects empty pieces, empty sides of '%' and a second '%'", () => {
    expect(reason("")).toBe("empty pattern");
    expect(reason("*whoami")).toMatch(/empty piece before '%'/);
    expect(reason("net**group")).toMatch(/empty piece/);
    expect(reason("whoami*")).toMatch(/empty piece/);
    expect(reason("%rundll32")).toBe("nothing before '%'");
    expect(reason("rundll32%")).toBe("nothing after '%'");
    expect(reason("%temp%\\x.exe")).toMatch(/more than one '%'/);
  });
});
