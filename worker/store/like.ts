/**
 * LIKE patterns built from what an analyst typed: `*` is the only wildcard, and LIKE's own `%` and
 * `_` (and the escape character) stay literal. Every pattern is used with `ESCAPE '\'`.
 */
import { type SQL, sql } from "drizzle-orm";

export function likePattern(text: string, wildcard: boolean): string {
  const literal = text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  return wildcard ? literal.replace(/\*/g, "%") : literal;
}

/** The pattern for "contains `text`", wildcards in it taken literally. */
export function containsPattern(text: string): string {
  return `%${likePattern(text, false)}%`;
}

export function likeCondition(target: SQL, pattern: string): SQL {
  return sql`${target} LIKE ${pattern} ESCAPE '\\'`;
}
