/**
 * Finds where a JSON text stops being valid. JSON.parse says only *that* it failed (workerd's V8
 * gives no position), and an agent author needs to know where, so this scanner is run only after
 * JSON.parse has failed. It keeps its own stack, so hostile nesting cannot overflow the call stack.
 */
export interface JsonErrorLocation {
  position: number;
  line: number;
  column: number;
  reason: string;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const LITERALS = ["true", "false", "null"];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

type Expect = "value" | "key" | "colon" | "comma-or-end";

function locate(text: string, position: number, reason: string): JsonErrorLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { position, line, column: position - lineStart + 1, reason };
}

function describe(text: string, i: number): string {
  return i >= text.length ? "unexpected end of input" : `unexpected ${JSON.stringify(text[i])}`;
}

/** Answers the end of the string starting at `i` (a quote), or an error. */
function scanString(text: string, i: number): number | JsonErrorLocation {
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j] as string;
    if (ch === '"') return j + 1;
    if (ch === "\\") {
      const next = text[j + 1];
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return locate(text, j, "invalid \\u escape");
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        j++;
      } else {
        return locate(text, j, "invalid escape in string");
      }
    } else if (ch.charCodeAt(0) < 0x20) {
      return locate(text, j, "control character in string");
    }
  }
  return locate(text, text.length, "unterminated string");
}

export function locateJsonError(text: string): JsonErrorLocation | null {
  const stack: ("array" | "object")[] = [];
  let expect: Expect = "value";
  let i = 0;
  let done = false;
  // True right after `{` or `[`, where the container may close at once.
  let justOpened = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (WHITESPACE.has(ch)) {
      i++;
      continue;
    }
    if (done) return locate(text, i, `${describe(text, i)} after the end of the JSON value`);
    const container = stack[stack.length - 1];
    const opened = justOpened;
    justOpened = false;
    if (expect === "key") {
      if (ch === "}" && opened) {
        stack.pop();
      } else if (ch === '"') {
        const end = scanString(text, i);
        if (typeof end !== "number") return end;
        i = end;
        expect = "colon";
        continue;
      } else {
        return locate(text, i, `${describe(text, i)}, expected a property name`);
      }
    } else if (expect === "colon") {
      if (ch !== ":") return locate(text, i, `${describe(text, i)}, expected ':'`);
      expect = "value";
      i++;
      continue;
    } else if (expect === "comma-or-end") {
      if (ch === "," && container) {
        expect = container === "array" ? "value" : "key";
        i++;
        continue;
      }
      if ((ch === "]" && container === "array") || (ch === "}" && container === "object")) {
        stack.pop();
      } else {
        return locate(text, i, `${describe(text, i)}, expected ',' or the end of the ${container}`);
      }
    } else if (ch === "{" || ch === "[") {
      stack.push(ch === "{" ? "object" : "array");
      expect = ch === "{" ? "key" : "value";
      justOpened = true;
      i++;
      continue;
    } else if (ch === "]" && container === "array" && opened) {
      stack.pop();
    } else if (ch === '"') {
      const end = scanString(text, i);
      if (typeof end !== "number") return end;
      i = end - 1;
    } else {
      const literal = LITERALS.find((word) => text.startsWith(word, i));
      NUMBER.lastIndex = i;
      const number = literal ? null : NUMBER.exec(text);
      if (literal) i += literal.length - 1;
      else if (number) i += number[0].length - 1;
      else return locate(text, i, `${describe(text, i)}, expected a value`);
    }
    i++;
    expect = "comma-or-end";
    if (stack.length === 0) done = true;
  }
  if (!done) return locate(text, text.length, "unexpected end of input");
  return null;
}
