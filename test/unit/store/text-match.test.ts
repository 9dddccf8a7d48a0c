/**
 * Search text conditions, evaluated by the real local D1: the LIKE form for short patterns and the
 * instr() form for long ones must agree, case rules included, and neither may treat `%` or `_` as a
 * wildcard.
 */
import { env } from "cloudflare:test";
import { type SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { MAX_LIKE_PATTERN_BYTES, piecewiseMatch, textMatches } from "../../../worker/store/text-match.ts";

const dialect = new SQLiteSyncDialect();

async function holds(condition: SQL): Promise<boolean | null> {
  const query = dialect.sqlToQuery(sql`SELECT ${condition} AS v`);
  const row = await env.DB.prepare(query.sql)
    .bind(...query.params)
    .first<{ v: number | null }>();
  return row?.v === null || row?.v === undefined ? null : row.v === 1;
}

const CASES: [value: string, pattern: string, wildcard: boolean, anchored: boolean, expected: boolean][] = [
  ["C:\\Windows\\cmd.exe", "c:\\windows\\*", true, true, true],
  ["C:\\Windows\\cmd.exe", "*\\CMD.EXE", true, true, true],
  ["C:\\Windows\\cmd.exe", "*windows*cmd*", true, true, true],
  ["C:\\Windows\\cmd.exe", "*cmd*windows*", true, true, false],
  ["C:\\Windows\\cmd.exe", "windows", false, false, true],
  ["C:\\Windows\\cmd.exe", "windows", false, true, false],
  ["abab", "ab*ab", true, true, true],
  ["aba", "ab*ab", true, true, false],
  ["ab", "a*b*", true, true, true],
  ["100%_done", "100%_*", true, true, true],
  ["100xydone", "100%_*", true, true, false],
  ["100xydone", "%", false, false, false],
  ["ÉCOLE", "école", false, false, false],
  ["école", "école", false, false, true],
  ["a😀b", "a*b", true, true, true],
  ["a😀b", "😀b", true, true, false],
  ["", "*", true, true, true],
  ["", "a*", true, true, false],
];

describe("text conditions", () => {
  it.each(CASES)(
    "%j against %j (wildcard %s, anchored %s) is %s, in LIKE and instr() form",
    async (value, pattern, wildcard, anchored, expected) => {
      expect(await holds(textMatches(sql`${value}`, { text: pattern, wildcard, anchored }))).toBe(expected);
      const pieces = wildcard ? pattern.split("*") : [pattern];
      expect(await holds(piecewiseMatch(sql`${value}`, anchored ? pieces : ["", ...pieces, ""]))).toBe(expected);
    },
  );

  it("uses LIKE up to D1's pattern limit and instr() past it", () => {
    const render = (text: string) =>
      dialect.sqlToQuery(textMatches(sql`x`, { text, wildcard: false, anchored: false })).sql;
    expect(render("a".repeat(MAX_LIKE_PATTERN_BYTES - 2))).toContain("LIKE");
    expect(render("a".repeat(MAX_LIKE_PATTERN_BYTES - 1))).toContain("instr(");
    expect(render("é".repeat(25))).toContain("instr(");
  });

  it("answers a 5,000-character term with many wildcards", async () => {
    const value = Array.from({ length: 1_000 }, (_, i) => `p${i}`).join("/");
    const pattern = `${value.slice(0, 2_000)}*${value.slice(3_000, 3_100)}*${value.slice(-1_000)}`;
    expect(await holds(textMatches(sql`${value}`, { text: pattern, wildcard: true, anchored: true }))).toBe(true);
    expect(await holds(textMatches(sql`${value}`, { text: `${pattern}x`, wildcard: true, anchored: true }))).toBe(
      false,
    );
  });

  it("is NULL for a NULL value, as LIKE is", async () => {
    expect(await holds(textMatches(sql`NULL`, { text: "a".repeat(80), wildcard: false, anchored: false }))).toBeNull();
    expect(await holds(textMatches(sql`NULL`, { text: "a", wildcard: false, anchored: false }))).toBeNull();
  });
});
