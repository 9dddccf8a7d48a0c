/**
 * The events query language (README "Search language"), parsed by recursive descent straight from
 * the text. Grammar, loosest binding first:
 *
 *   query   := or
 *   or      := and ("or" and)*
 *   and     := not (["and"] not)*          -- juxtaposition is an implicit AND
 *   not     := "not" not | primary
 *   primary := "(" or ")" | field ":" value | field ":" "(" values ")" | field op value | value
 *   value   := word | "phrase"
 *
 * Values after `:` may hold colons (`Image:C:\Windows\cmd.exe`); a backslash is literal except
 * before `( ) : " < >` or a space, which it escapes. In a phrase `\"` and `\\` are escapes.
 */

import { QueryError, type QueryNode, type QueryValue, type RangeOp } from "../model/event-query.ts";
import { FIELD_NAME_PATTERN } from "../model/fields.ts";

export const MAX_QUERY_LENGTH = 4096;
const MAX_DEPTH = 32;
const MAX_TERMS = 64;

const KEYWORDS = new Set(["and", "or", "not"]);
/** Characters that end an unquoted word; a backslash before one of them makes it part of the word. */
const WORD_BREAKS = new Set(["(", ")", '"', ":", "<", ">"]);
/** After `field:` a value word may hold colons and angle brackets. */
const VALUE_BREAKS = new Set(["(", ")", '"']);

interface Word {
  text: string;
  position: number;
  /** Written with an escape: never a keyword. */
  escaped: boolean;
}

/** The query's syntax tree, or null for an empty query. Throws QueryError with the offending offset. */
export function parseQuery(input: string): QueryNode | null {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  }
  let pos = 0;
  let depth = 0;
  let terms = 0;

  const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
  const skipSpace = () => {
    while (isSpace(input[pos])) pos++;
  };
  const atEnd = () => pos >= input.length;

  const readWord = (breaks: ReadonlySet<string>): Word => {
    const position = pos;
    let text = "";
    let escaped = false;
    while (!atEnd()) {
      const ch = input[pos] as string;
      if (isSpace(ch) || breaks.has(ch)) break;
      const next = input[pos + 1];
      if (ch === "\\" && next !== undefined && (WORD_BREAKS.has(next) || isSpace(next))) {
        text += next;
        escaped = true;
        pos += 2;
        continue;
      }
      text += ch;
      pos++;
    }
    return { text, position, escaped };
  };

  const readPhrase = (): QueryValue => {
    const position = pos;
    pos++;
    let text = "";
    while (!atEnd()) {
      const ch = input[pos] as string;
      const next = input[pos + 1];
      if (ch === '"') {
        pos++;
        return { text, wildcard: false, position };
      }
      if (ch === "\\" && (next === '"' || next === "\\")) {
        text += next;
        pos += 2;
        continue;
      }
      text += ch;
      pos++;
    }
    throw new QueryError("this quote is never closed", position);
  };

  const keywordAt = (): string | null => {
    const save = pos;
    const word = readWord(WORD_BREAKS);
    pos = save;
    const lower = word.text.toLowerCase();
    if (word.escaped || !KEYWORDS.has(lower)) return null;
    // `not:x` or `and>3` name a field, not an operator.
    const after = input[save + word.text.length];
    return after === ":" || after === "<" || after === ">" ? null : lower;
  };

  const countTerm = (position: number) => {
    terms++;
    if (terms > MAX_TERMS) throw new QueryError(`a query may hold at most ${MAX_TERMS} terms`, position);
  };

  const checkField = (word: Word): string => {
    if (!FIELD_NAME_PATTERN.test(word.text)) {
      throw new QueryError(
        `'${word.text}' is not a field name (letters, digits, spaces and _ @ . - only)`,
        word.position,
      );
    }
    return word.text;
  };

  const readValue = (what: string): QueryValue => {
    skipSpace();
    if (input[pos] === '"') return readPhrase();
    const word = readWord(VALUE_BREAKS);
    if (word.text === "") throw new QueryError(`${what} needs a value`, pos);
    return { text: word.text, wildcard: word.text.includes("*"), position: word.position };
  };

  const readRangeOp = (): RangeOp | null => {
    const two = input.slice(pos, pos + 2);
    if (two === ">=" || two === "<=") {
      pos += 2;
      return two;
    }
    const one = input[pos];
    if (one === ">" || one === "<") {
      pos++;
      return one;
    }
    return null;
  };

  const enter = (position: number) => {
    depth++;
    if (depth > MAX_DEPTH) throw new QueryError(`parentheses nest deeper than ${MAX_DEPTH}`, position);
  };

  const closeParen = (open: number) => {
    skipSpace();
    if (input[pos] !== ")") {
      throw new QueryError(atEnd() ? "this '(' is never closed" : "expected ')' here", atEnd() ? open : pos);
    }
    pos++;
    depth--;
  };

  /** `field` is set inside `field:( ... )`, where bare values belong to that field. */
  const parseOr = (field: string | null): QueryNode => {
    const children = [parseAnd(field)];
    for (;;) {
      skipSpace();
      if (keywordAt() !== "or") break;
      pos += 2;
      children.push(parseAnd(field));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: "or", children };
  };

  const parseAnd = (field: string | null): QueryNode => {
    const children = [parseNot(field)];
    for (;;) {
      skipSpace();
      if (atEnd() || input[pos] === ")") break;
      const keyword = keywordAt();
      if (keyword === "or") break;
      if (keyword === "and") pos += 3;
      children.push(parseNot(field));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: "and", children };
  };

  const parseNot = (field: string | null): QueryNode => {
    skipSpace();
    if (keywordAt() === "not") {
      pos += 3;
      return { kind: "not", child: parseNot(field) };
    }
    return parsePrimary(field);
  };

  const parsePrimary = (field: string | null): QueryNode => {
    skipSpace();
    const position = pos;
    const ch = input[pos];
    if (ch === undefined) throw new QueryError("expected a search term here", position);
    if (ch === ")") throw new QueryError("this ')' has no matching '('", position);
    if (ch === "(") {
      enter(position);
      pos++;
      const inner = parseOr(field);
      closeParen(position);
      return inner;
    }
    const keyword = keywordAt();
    if (keyword !== null) throw new QueryError(`'${keyword}' needs a search term before it`, position);
    if (field !== null) {
      countTerm(position);
      return valueNode(field, readValue(`'${field}'`), position);
    }
    if (ch === '"') {
      countTerm(position);
      return textNode(readPhrase());
    }
    const word = readWord(WORD_BREAKS);
    if (word.text === "") throw new QueryError(`unexpected '${ch}'`, position);
    const afterWord = pos;
    skipSpace();
    if (input[pos] === ":") {
      const name = checkField(word);
      pos++;
      skipSpace();
      if (input[pos] === "(") {
        const open = pos;
        enter(open);
        pos++;
        const group = parseOr(name);
        closeParen(open);
        return group;
      }
      countTerm(position);
      return valueNode(name, readValue(`'${name}:'`), position);
    }
    const op = readRangeOp();
    if (op !== null) {
      const name = checkField(word);
      countTerm(position);
      const value = readValue(`'${name} ${op}'`);
      if (value.wildcard) throw new QueryError("a range takes a number, date or word, not a wildcard", value.position);
      return { kind: "range", field: name, op, value, position };
    }
    pos = afterWord;
    countTerm(position);
    return textNode({ text: word.text, wildcard: word.text.includes("*"), position });
  };

  const valueNode = (field: string, value: QueryValue, position: number): QueryNode =>
    value.wildcard && value.text === "*"
      ? { kind: "exists", field, position }
      : { kind: "match", field, value, position };

  const textNode = (value: QueryValue): QueryNode => {
    if (value.text.replaceAll("*", "") === "") {
      throw new QueryError("free text needs at least one character besides '*'", value.position);
    }
    return { kind: "text", value, position: value.position };
  };

  skipSpace();
  if (atEnd()) return null;
  const tree = parseOr(null);
  skipSpace();
  if (!atEnd()) {
    throw new QueryError(input[pos] === ")" ? "this ')' has no matching '('" : `unexpected '${input[pos]}'`, pos);
  }
  return tree;
}
