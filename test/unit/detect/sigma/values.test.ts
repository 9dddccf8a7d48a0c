import { describe, expect, it } from "vitest";
import { evtx, processEvent, sigmaSet, verdicts } from "./support.ts";

const cmd = (commandLine: string) =>
  processEvent({ Image: "C:\\Windows\\System32\\cmd.exe", CommandLine: commandLine });

describe("wildcards", () => {
  it("* matches any run of characters and ? exactly one", () => {
    const events = [cmd("prog1.exe"), cmd("prog12.exe"), cmd("prog.exe")];
    expect(verdicts("sel:\n  CommandLine: 'prog?.exe'\ncondition: sel", events)).toEqual([true, false, false]);
    expect(verdicts("sel:\n  CommandLine: 'prog*.exe'\ncondition: sel", events)).toEqual([true, true, true]);
  });

  it("wildcards anywhere in the value (not only at its ends) still anchor the whole value", () => {
    const events = [cmd("a.exe -x b"), cmd("z a.exe -x b"), cmd("a.exe -y b")];
    expect(verdicts("sel:\n  CommandLine: 'a.exe*-x*'\ncondition: sel", events)).toEqual([true, false, false]);
  });

  it("a backslash escapes * and ?, which then match literally", () => {
    const events = [cmd("what?"), cmd("whatx"), cmd("a*b"), cmd("axxb")];
    expect(verdicts("sel:\n  CommandLine: 'what\\?'\ncondition: sel", events)).toEqual([true, false, false, false]);
    expect(verdicts("sel:\n  CommandLine: 'a\\*b'\ncondition: sel", events)).toEqual([false, false, true, false]);
  });

  it("a doubled backslash is one backslash, and then the wildcard after it is live", () => {
    const events = [cmd("C:\\temp\\x"), cmd("C:\\temp\\\\x")];
    expect(verdicts("sel:\n  CommandLine: 'C:\\temp\\\\*'\ncondition: sel", events)).toEqual([true, true]);
    expect(verdicts("sel:\n  CommandLine: 'C:\\\\temp\\\\\\\\x'\ncondition: sel", events)).toEqual([false, true]);
  });

  it("a single backslash before an ordinary character stays a backslash", () => {
    expect(verdicts("sel:\n  Image: 'C:\\Windows\\System32\\cmd.exe'\ncondition: sel", [cmd("x")])).toEqual([true]);
  });

  it("matching ignores case by default", () => {
    expect(verdicts("sel:\n  Image|endswith: '\\CMD.EXE'\ncondition: sel", [cmd("x")])).toEqual([true]);
  });
});

describe("null and empty values", () => {
  const events = [processEvent({ Image: "a.exe", Description: "" }), processEvent({ Image: "a.exe" })];

  it("null matches a missing field", () => {
    expect(verdicts("sel:\n  Description: null\ncondition: sel", events)).toEqual([false, true]);
  });

  it("'' matches an empty value, not a missing field", () => {
    expect(verdicts("sel:\n  Description: ''\ncondition: sel", events)).toEqual([true, false]);
  });

  it("not null (a negated null selection) needs the field", () => {
    expect(verdicts("sel:\n  Description: null\ncondition: not sel", events)).toEqual([true, false]);
  });
});

describe("lists and maps", () => {
  const events = [
    processEvent({ Image: "C:\\a\\rundll32.exe", CommandLine: "rundll32 x,DllMain" }),
    processEvent({ Image: "C:\\a\\regsvr32.exe", CommandLine: "regsvr32 /s x" }),
    processEvent({ Image: "C:\\a\\rundll32.exe", CommandLine: "rundll32 other" }),
  ];

  it("a map's fields are AND-linked and a field's list is OR-linked", () => {
    const detection = [
      "sel:",
      "  Image|endswith:",
      "    - '\\rundll32.exe'",
      "    - '\\regsvr32.exe'",
      "  CommandLine|contains: ','",
      "condition: sel",
    ].join("\n");
    expect(verdicts(detection, events)).toEqual([true, false, false]);
  });

  it("a list of maps is an OR of ANDs", () => {
    const detection = [
      "sel:",
      "  - Image|endswith: '\\rundll32.exe'",
      "    CommandLine|contains: 'DllMain'",
      "  - Image|endswith: '\\regsvr32.exe'",
      "condition: sel",
    ].join("\n");
    expect(verdicts(detection, events)).toEqual([true, true, false]);
  });

  it("numbers in rules match numeric and text field values alike", () => {
    const security = evtx({
      Channel: "Security",
      EventID: 4688,
      Computer: "ws01",
      TimeCreated: "2026-11-23T08:00:00Z",
    });
    const rule = (value: string) =>
      `title: t\nlogsource:\n    product: windows\n    service: security\ndetection:\n    sel:\n        EventID: ${value}\n    condition: sel\n`;
    for (const value of ["4688", "'4688'"]) {
      const set = sigmaSet(rule(value));
      expect(set.errors).toEqual([]);
      expect(set.match(security)).toHaveLength(1);
    }
  });
});

describe("keyword search", () => {
  const events = [
    processEvent({ Image: "C:\\x.exe", CommandLine: "sekurlsa::logonpasswords" }),
    processEvent({ Image: "C:\\x.exe", Description: "uses LSADUMP::SAM here" }),
    processEvent({ Image: "C:\\x.exe", CommandLine: "lsadump::sam sekurlsa::x" }),
    processEvent({ Image: "C:\\x.exe", CommandLine: "harmless" }),
  ];

  it("a list of values searches every field, any value, ignoring case", () => {
    const detection = "keywords:\n  - 'sekurlsa::'\n  - 'lsadump::sam'\ncondition: keywords";
    expect(verdicts(detection, events)).toEqual([true, true, true, false]);
  });

  it("'|all' needs every keyword", () => {
    const detection = "keywords:\n  '|all':\n    - 'sekurlsa::'\n    - 'lsadump::sam'\ncondition: keywords";
    expect(verdicts(detection, events)).toEqual([false, false, true, false]);
  });

  it("a single keyword value works too", () => {
    expect(verdicts("keywords: 'logonpasswords'\ncondition: keywords", events)).toEqual([true, false, false, false]);
  });
});
