/**
 * Sigma's string values: text with `*` and `?` wildcards, where a backslash escapes a wildcard or
 * another backslash and is kept as is before anything else (so `C:\Windows` and `C:\\Windows` are
 * the same value). The value modifiers transform these before they become matchers.
 */

export interface Wildcard {
  readonly wildcard: "*" | "?";
}

export const ANY_CHARS: Wildcard = { wildcard: "*" };
export const ONE_CHAR: Wildcard = { wildcard: "?" };

/** Plain text and wildcards, adjacent texts merged, no empty texts. */
export type SigmaString = readonly (string | Wildcard)[];

export function parseSigmaString(text: string): SigmaString {
  const parts: (string | Wildcard)[] = [];
  let acc = "";
  let escaped = false;
  const flush = () => {
    if (acc !== "") parts.push(acc);
    acc = "";
  };
  for (const c of text) {
    if (escaped) {
      acc += c === "*" || c === "?" || c === "\\" ? c : `\\${c}`;
      escaped = false;
    } else if (c === "\\") {
      escaped = true;
    } else if (c === "*" || c === "?") {
      flush();
      parts.push(c === "*" ? ANY_CHARS : ONE_CHAR);
    } else {
      acc += c;
    }
  }
  if (escaped) acc += "\\";
  flush();
  return parts;
}

export function plainString(text: string): SigmaString {
  return text === "" ? [] : [text];
}

export function concatStrings(...strings: SigmaString[]): SigmaString {
  const parts: (string | Wildcard)[] = [];
  for (const s of strings) {
    for (const part of s) {
      const last = parts[parts.length - 1];
      if (typeof part === "string" && typeof last === "string") parts[parts.length - 1] = last + part;
      else if (part !== "") parts.push(part);
    }
  }
  return parts;
}

/** The text of a string without wildcards; null when it has any. */
export function plainText(s: SigmaString): string | null {
  let text = "";
  for (const part of s) {
    if (typeof part !== "string") return null;
    text += part;
  }
  return text;
}

export function withLeadingWildcard(s: SigmaString): SigmaString {
  return s[0] === ANY_CHARS ? s : [ANY_CHARS, ...s];
}

export function withTrailingWildcard(s: SigmaString): SigmaString {
  return s[s.length - 1] === ANY_CHARS ? s : [...s, ANY_CHARS];
}

/**
 * Every combination of the alternatives `expand` gives for each text part; wildcards stay.
 * `expand` returns the alternatives of one text part, each a Sigma string of its own.
 */
export function expandParts(s: SigmaString, expand: (text: string) => SigmaString[]): SigmaString[] {
  let results: SigmaString[] = [[]];
  for (const part of s) {
    const options = typeof part === "string" ? expand(part) : [[part]];
    const next: SigmaString[] = [];
    for (const prefix of results) for (const option of options) next.push(concatStrings(prefix, option));
    results = next;
  }
  return results;
}
