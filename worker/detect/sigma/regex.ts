/**
 * Sigma's `re` values are PCRE, but the text they run on is the attacker's: a backtracking engine
 * (V8's included) takes exponential time on `(a+)+$` and a crafted command line, and blocks the
 * Worker. So every rule regex runs on RE2 (re2js), whose matching time is linear in the input
 * whatever the pattern. Leading inline flags (`(?i)`, `(?is)`...) become RE2 flags; `\Z` and PCRE's
 * `$` (which also matches before a final newline) are rewritten; what PCRE has and RE2 cannot run
 * in linear time (backreferences, lookahead, atomic groups, possessive quantifiers) is refused by
 * name rather than silently matching differently. Captureless lookbehind runs on re2js's linear
 * lookbehind extension.
 */
import { RE2JS } from "re2js";

/** A compiled rule regex; `engine` says which engine matches it, so tests can assert it. */
export interface CompiledRegex {
  readonly engine: "re2";
  /** The RE2 source the PCRE text was rewritten to (the prefilter reads its literals). */
  readonly source: string;
  test(value: string): boolean;
}

export type RegexResult = { ok: true; regex: CompiledRegex } | { ok: false; reason: string };

type Flag = "i" | "m" | "s";

const FLAG_GROUP = /^\(\?([a-zA-Z]+)\)/;

const FLAG_BITS: Record<Flag, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/** End of text, or before a newline that ends it: PCRE's `\Z`, and its `$` outside multiline mode. */
const END_OR_FINAL_NEWLINE = "(?:\\n?\\z)";

export function compileSigmaRegex(pattern: string, flags: Iterable<Flag>): RegexResult {
  const flagSet = new Set<Flag>(flags);
  let body = pattern;
  for (let match = FLAG_GROUP.exec(body); match; match = FLAG_GROUP.exec(body)) {
    for (const flag of match[1] ?? "") {
      if (flag !== "i" && flag !== "m" && flag !== "s") {
        return { ok: false, reason: `regex inline flag '${flag}' is not supported` };
      }
      flagSet.add(flag);
    }
    body = body.slice(match[0].length);
  }
  const translated = translate(body, flagSet.has("m"));
  if (!translated.ok) return translated;
  let bits = RE2JS.LOOKBEHINDS;
  for (const flag of flagSet) bits |= FLAG_BITS[flag];
  try {
    const re2 = RE2JS.compile(translated.source, bits);
    return { ok: true, regex: { engine: "re2", source: translated.source, test: (value) => re2.test(value) } };
  } catch (error) {
    return { ok: false, reason: `invalid regex: ${error instanceof Error ? error.message : String(error)}` };
  }
}

type Translation = { ok: true; source: string } | { ok: false; reason: string };

const UNSUPPORTED_ESCAPES: Record<string, string> = {
  h: "\\h (horizontal space)",
  H: "\\H",
  R: "\\R (any newline)",
  K: "\\K (match reset)",
  Q: "\\Q...\\E quoting",
  E: "\\Q...\\E quoting",
  G: "\\G",
  X: "\\X",
  C: "\\C",
  p: "\\p (unicode property)",
  P: "\\P (unicode property)",
  k: "\\k<name> (backreference)",
  g: "\\g (backreference)",
};

const UNSUPPORTED_GROUPS: [string, string][] = [
  ["(?>", "atomic group (?>...)"],
  ["(?|", "branch reset group (?|...)"],
  ["(?#", "comment group (?#...)"],
  ["(?R)", "recursion (?R)"],
  ["(?(", "conditional group (?(...)...)"],
  ["(?=", "lookahead (?=...)"],
  ["(?!", "negative lookahead (?!...)"],
  ["(?P=", "backreference (?P=name)"],
  ["(?P>", "subroutine call (?P>name)"],
];

const LINEAR_ENGINE = "the linear-time regex engine (RE2) cannot run";

function translate(source: string, multiline: boolean): Translation {
  let out = "";
  let inClass = false;
  let afterQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? "";
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      i++;
      afterQuantifier = false;
      if (!inClass && next === "Z") out += END_OR_FINAL_NEWLINE;
      else if (!inClass && /[1-9]/.test(next)) {
        return { ok: false, reason: `${LINEAR_ENGINE} a backreference (\\${next})` };
      } else if (UNSUPPORTED_ESCAPES[next] !== undefined) {
        return { ok: false, reason: `${LINEAR_ENGINE} ${UNSUPPORTED_ESCAPES[next]}` };
      } else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (c === "[" && source[i + 1] === ":") {
        return { ok: false, reason: `${LINEAR_ENGINE} a POSIX character class [[:...:]]` };
      }
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in PCRE; RE2 reads it so too, but the literal
      // extractor of the prefilter needs it escaped to see where the class ends.
      if (source[i + 1] === "^") {
        out += "^";
        i++;
      }
      if (source[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      afterQuantifier = false;
      continue;
    }
    if (c === "(" && source[i + 1] === "?") {
      const rest = source.slice(i);
      const unsupported = UNSUPPORTED_GROUPS.find(([prefix]) => rest.startsWith(prefix));
      if (unsupported) return { ok: false, reason: `${LINEAR_ENGINE} ${unsupported[1]}` };
      const flagGroup = /^\(\?([a-zA-Z-]+)[:)]/.exec(rest);
      if (flagGroup && /[^ims-]/.test(flagGroup[1] ?? "")) {
        return { ok: false, reason: `regex inline flag group '${flagGroup[0]}' uses a flag other than i, m, s` };
      }
    }
    if (c === "+" && afterQuantifier) {
      return { ok: false, reason: `${LINEAR_ENGINE} a possessive quantifier` };
    }
    if (c === "$" && !multiline) {
      out += END_OR_FINAL_NEWLINE;
      afterQuantifier = false;
      continue;
    }
    afterQuantifier = c === "*" || c === "+" || c === "?" || (c === "}" && /\{[0-9]*,?[0-9]*$/.test(out));
    if (c === "?" && /[*+?}]$/.test(out)) afterQuantifier = false;
    out += c;
  }
  return { ok: true, source: out };
}
