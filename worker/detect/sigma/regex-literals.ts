/**
 * Literal texts a regular expression cannot match without: for each top-level alternative, the
 * longest run of plain characters every match must contain. The prefilter uses them so that a
 * regex rule is only run on events holding one of them. Conservative: whatever it does not
 * understand (groups, classes, escapes of letters) only ends a run, never adds to one.
 */

/** Shorter runs prefilter too little to be worth it. */
const MIN_LITERAL = 3;

/** One required literal per top-level alternative, or null when some alternative has none. */
export function requiredRegexLiterals(source: string): string[] | null {
  const alternatives = splitTopLevel(source);
  const literals: string[] = [];
  for (const alternative of alternatives) {
    const literal = longestRequiredRun(alternative);
    if (literal === null) return null;
    literals.push(literal);
  }
  return literals;
}

function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

function longestRequiredRun(source: string): string | null {
  let best = "";
  let run = "";
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = "";
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    let atom: string | null = null;
    let next = i + 1;
    if (c === "\\") {
      const escaped = source[i + 1] ?? "";
      next = escapeEnd(source, i);
      atom = /[A-Za-z0-9]/.test(escaped) || escaped === "" ? null : escaped;
    } else if (c === "[") {
      next = skipClass(source, i);
    } else if (c === "(") {
      next = skipGroup(source, i);
    } else if (!".^$|)*+?{".includes(c)) {
      atom = c;
    }
    const quantifier = quantifierAt(source, next);
    if (atom === null || quantifier === "optional") {
      endRun();
    } else {
      run += atom;
      // A repeated character is required once, but what follows need not come right after it.
      if (quantifier === "repeat") endRun();
    }
    i = next + (quantifier === null ? 0 : quantifierLength(source, next));
  }
  endRun();
  return best.length >= MIN_LITERAL ? best.toLowerCase() : null;
}

/**
 * Where the escape at `start` ends: `\x41`, `\x{263a}` and octal `\012` carry digits that are part
 * of the one character they stand for, not plain characters after it.
 */
function escapeEnd(source: string, start: number): number {
  const rest = source.slice(start + 1);
  const argument = /^x(?:\{[0-9A-Fa-f]*\}|[0-9A-Fa-f]{0,2})|^0[0-7]{0,2}/.exec(rest);
  return start + 1 + (argument === null ? 1 : argument[0].length);
}

type Quantifier = "optional" | "repeat" | null;

function quantifierAt(source: string, i: number): Quantifier {
  const c = source[i];
  if (c === "*" || c === "?") return "optional";
  if (c === "+") return "repeat";
  if (c === "{") {
    const match = /^\{(\d*)(,\d*)?\}/.exec(source.slice(i));
    if (match === null) return null;
    return Number(match[1] || "0") === 0 ? "optional" : "repeat";
  }
  return null;
}

function quantifierLength(source: string, i: number): number {
  const c = source[i];
  let length = c === "{" ? (/^\{\d*(,\d*)?\}/.exec(source.slice(i))?.[0].length ?? 0) : 1;
  // Lazy or possessive suffix.
  if (source[i + length] === "?" || source[i + length] === "+") length++;
  return length;
}

function skipClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++;
  for (; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === "]") return i + 1;
  }
  return source.length;
}

function skipGroup(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return source.length;
}
