/**
 * The dashboard writes "filter for" / "filter out" terms into the query bar (ui/.../query-text.ts);
 * the Worker's parser must read every such term back as exactly the field and value clicked.
 */
import { describe, expect, it } from "vitest";
import { termFor, withTerm } from "../../../ui/src/pages/events/query-text.ts";
import { parseQuery } from "../../../worker/search/query-parser.ts";

const VALUES = [
  "C:\\Windows\\System32\\cmd.exe",
  "\\\\server\\share\\",
  'say "hi" \\"there\\"',
  "C:\\Users\\",
  "100%_done*?",
  "a:b (c) <d> e",
  "",
  "not",
  "ünïcødé ✓",
];

describe("termFor", () => {
  it.each(VALUES)("writes %j so the parser reads it back exactly, * included", (value) => {
    expect(parseQuery(termFor("process.command_line", value))).toMatchObject({
      kind: "match",
      field: "process.command_line",
      value: { text: value, wildcard: false },
    });
  });

  it("escapes spaces in field names", () => {
    expect(parseQuery(termFor("Threat Name", "x"))).toMatchObject({ kind: "match", field: "Threat Name" });
  });

  it("keeps Windows paths readable", () => {
    expect(termFor("Image", "C:\\Windows\\cmd.exe")).toBe('Image:"C:\\Windows\\cmd.exe"');
  });
});

describe("withTerm", () => {
  it("starts, extends, negates and brackets an or-query", () => {
    expect(withTerm("", 'host.name:"WS01"', false)).toBe('host.name:"WS01"');
    expect(withTerm("EventID:1", 'host.name:"WS01"', false)).toBe('EventID:1 and host.name:"WS01"');
    expect(withTerm("EventID:1", 'user.name:"bob"', true)).toBe('EventID:1 and not user.name:"bob"');
    expect(withTerm("a:1 OR b:2", 'c:"3"', false)).toBe('(a:1 OR b:2) and c:"3"');
  });

  it("does not repeat a term already there, but adds it where only its negation is", () => {
    expect(withTerm('a:1 and c:"3"', 'c:"3"', false)).toBe('a:1 and c:"3"');
    expect(withTerm('a:1 and not c:"3"', 'c:"3"', false)).toBe('a:1 and not c:"3" and c:"3"');
  });
});
