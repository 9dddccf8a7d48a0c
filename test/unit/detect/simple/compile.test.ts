import { describe, expect, it } from "vitest";
import { createEventView } from "../../../../worker/detect/event-view.ts";
import { compileSimpleRules } from "../../../../worker/detect/simple/compile.ts";
import { simpleRuleId } from "../../../../worker/detect/simple/rule-id.ts";
import type { CompiledDetection, EventView } from "../../../../worker/detect/types.ts";
import { FIELD_MAP } from "../../../../worker/sources/field-map.ts";
import { syntheticEvent } from "../support/synthetic-event.ts";

function compile(text: string) {
  return compileSimpleRules({ origin: "rules/simple.txt", kind: "simple", text });
}

function viewOf(commandLine: string): EventView {
  return createEventView(syntheticEvent(0, { CommandLine: commandLine }), FIELD_MAP);
}

function firing(detections: CompiledDetection[], detail: string): string[] {
  return detections.filter((d) => d.test(viewOf(detail))).map((d) => d.info.title);
}

describe("compileSimpleRules", () => {
  it("compiles one rule per '- '...'' line and skips comments and blank lines", () => {
    const { detections, errors } = compile("# Common recon\n\n- 'whoami'\n-'net*group'\n  # 'sc*query'\n");
    expect(errors).toEqual([]);
    expect(detections.map((d) => d.info.title)).toEqual(["Simple rule: whoami", "Simple rule: net*group"]);
    expect(firing(detections, 'NET GROUP "Domain Admins" /domain')).toEqual(["Simple rule: net*group"]);
  });

  it("describes each rule with a stable pattern-derived id, routes to every event, default level low", () => {
    const [rule] = compile("- '.exe*.dll,%rundll32'").detections;
    expect(rule?.routes).toBeNull();
    expect(rule?.info).toEqual({
      id: simpleRuleId(".exe*.dll,%rundll32"),
      name: null,
      title: "Simple rule: .exe*.dll,%rundll32",
      level: "low",
      tags: [],
      kind: "simple",
      origin: "rules/simple.txt",
      description: null,
      status: null,
      author: null,
      references: [],
      falsepositives: [],
      fields: [],
    });
    expect(rule?.info.id).toMatch(/^simple-[0-9a-f]{16}$/);
    expect(simpleRuleId("  .EXE*.dll,%RunDLL32 ")).toBe(rule?.info.id);
    expect(simpleRuleId(".exe*.dll,%rundll")).not.toBe(rule?.info.id);
  });

  it("reads level, tags and title from a trailing metadata comment", () => {
    const { detections, errors } = compile(
      "- 'vssadmin*delete*shadows'  # level: high; tags: attack.t1490, attack.impact; title: Shadow copies deleted",
    );
    expect(errors).toEqual([]);
    expect(detections[0]?.info).toMatchObject({
      title: "Shadow copies deleted",
      level: "high",
      tags: ["attack.t1490", "attack.impact"],
    });
  });

  it("treats a trailing comment that starts with no metadata key as a plain comment", () => {
    const { detections, errors } = compile("- 'nltest' # domain trust discovery, see the README");
    expect(errors).toEqual([]);
    expect(detections[0]?.info).toMatchObject({ level: "low", tags: [], title: "Simple rule: nltest" });
  });

  it("reports bad metadata with its line", () => {
    const { detections, errors } = compile(
      "- 'a1' # level: severe\n- 'a2' # tags: attack.t1059; colour: red\n- 'a3' # level: low; level: high\n- 'a4' # tags: bad/tag",
    );
    expect(detections).toEqual([]);
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [1, "level 'severe' is not one of informational, low, medium, high, critical"],
      [2, "unknown metadata key 'colour' (known: level, tags, title)"],
      [3, "metadata key 'level' is given twice"],
      [4, "tag 'bad/tag' may only hold letters, digits, '.', '_' and '-'"],
    ]);
  });

  it("reports malformed lines with their line instead of dropping or half-reading them", () => {
    const { detections, errors } = compile(
      ["- 'whoami'", "- 'Reg.exe*save'*hklm", "- 'certutil*-decode", "whoami", "- 'del *.'", "- ''"].join("\n"),
    );
    expect(detections.map((d) => d.info.title)).toEqual(["Simple rule: whoami"]);
    expect(errors).toEqual([
      {
        origin: "rules/simple.txt",
        line: 2,
        ruleId: null,
        reason: "text after the closing quote: '*hklm' (a pattern cannot hold a quote; comments start with '#')",
      },
      { origin: "rules/simple.txt", line: 3, ruleId: null, reason: "the pattern has no closing quote" },
      {
        origin: "rules/simple.txt",
        line: 4,
        ruleId: null,
        reason: "not a rule: a rule line is - 'pattern', a comment line starts with '#'",
      },
      {
        origin: "rules/simple.txt",
        line: 5,
        ruleId: simpleRuleId("del *."),
        reason:
          "pattern 'del *.': piece '.' before '%' is one character long and would match almost any text (PocketSIEM never fired such rules)",
      },
      { origin: "rules/simple.txt", line: 6, ruleId: simpleRuleId(""), reason: "pattern '': empty pattern" },
    ]);
  });

  it("reports a repeated pattern (case-insensitively) and keeps the first", () => {
    const { detections, errors } = compile("- 'Potato'\n- 'whoami'\n- 'potato'");
    expect(detections.map((d) => d.info.title)).toEqual(["Simple rule: Potato", "Simple rule: whoami"]);
    expect(errors).toEqual([
      {
        origin: "rules/simple.txt",
        line: 3,
        ruleId: simpleRuleId("potato"),
        reason: "pattern 'potato' repeats line 1 (patterns ignore case); this line is skipped",
      },
    ]);
  });

  it("loads PocketSIEM's rule file unchanged, reporting only the lines PocketSIEM never fired or misread", () => {
    const pocketsiem = [
      "# Common recon",
      "- 'whoami'",
      "- 'net*use*\\add'",
      "- 'del *.'",
      "# accesschk:",
      "- '-uws \"'",
      "",
      "# Powershell",
      "- 'Sys*tem*Net*Web*Cli*ent%.dll'",
      "- 'I`E`X'",
      "# 'sc*query'",
      "- 'regsvr32*.dll%Program Files*C:\\WINDOWS'",
      "- '.exe*.dll,%rundll32'",
      "- 'Reg.exe*save'*hklm",
      "- 'Regini.exe*:'",
      "- 'Windows\\Tasks\\%sa.dat'",
      "- '.rar%Desktop*Downloads'",
      "- 'ptt*/'",
      "- 'Potato'",
      "- 'potato'",
    ].join("\n");
    const { detections, errors } = compile(pocketsiem);
    expect(detections).toHaveLength(10);
    expect(errors.map((e) => e.line)).toEqual([4, 14, 15, 18, 20]);
    expect(firing(detections, 'accesschk.exe -uws "Everyone" c:\\')).toEqual(['Simple rule: -uws "']);
    expect(firing(detections, "powershell i`e`x (new-object net.webclient)")).toEqual(["Simple rule: I`E`X"]);
    expect(firing(detections, "C:\\Windows\\Tasks\\evil.job")).toEqual(["Simple rule: Windows\\Tasks\\%sa.dat"]);
    expect(firing(detections, "C:\\Windows\\Tasks\\SA.DAT")).toEqual([]);
  });

  it("accepts Windows line endings", () => {
    const { detections, errors } = compile("- 'whoami'\r\n- 'nltest'\r\n");
    expect(errors).toEqual([]);
    expect(detections).toHaveLength(2);
  });
});
