/**
 * Sigma's `re` values are PCRE; JavaScript rejects or misreads some of it. Leading inline flags
 * (`(?i)`, `(?is)`...) become RegExp flags, `\A` `\z` `\Z` become lookarounds, `(?P<name>` becomes
 * `(?<name>`; anything else PCRE-only is refused by name rather than silently matching differently.
 * No `u` flag: rules rely on non-unicode escapes such as `\-` and `\{` that it rejects.
 */

export type RegexResult = { ok: true; regex: RegExp } | { ok: false; reason: string };

const FLAG_GROUP = /^\(\?([a-zA-Z]+)\)/;

export function compileSigmaRegex(pattern: string, flags: Iterable<"i" | "m" | "s">): RegexResult {
  const flagSet = new Set<string>(flags);
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
  try {
    return { ok: true, regex: new RegExp(translated.source, [...flagSet].sort().join("")) };
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
};

const UNSUPPORTED_GROUPS: [string, string][] = [
  ["(?>", "atomic group (?>...)"],
  ["(?|", "branch reset group (?|...)"],
  ["(?#", "comment group (?#...)"],
  ["(?R)", "recursion (?R)"],
  ["(?(", "conditional group (?(...)...)"],
];

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
      if (!inClass && next === "A") out += "(?<![\\s\\S])";
      else if (!inClass && next === "z") out += "(?![\\s\\S])";
      else if (!inClass && next === "Z") out += "(?=\\n?(?![\\s\\S]))";
      else if (UNSUPPORTED_ESCAPES[next] !== undefined) {
        return { ok: false, reason: `unsupported PCRE syntax in regex: ${UNSUPPORTED_ESCAPES[next]}` };
      } else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (c === "[" && source[i + 1] === ":") {
        return { ok: false, reason: "unsupported PCRE syntax in regex: POSIX character class [[:...:]]" };
      }
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in PCRE, but closes an empty class in JavaScript.
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
      if (unsupported) return { ok: false, reason: `unsupported PCRE syntax in regex: ${unsupported[1]}` };
      if (rest.startsWith("(?P<")) {
        out += "(?<";
        i += 3;
        afterQuantifier = false;
        continue;
      }
      if (rest.startsWith("(?P=") || rest.startsWith("(?P>")) {
        return { ok: false, reason: "unsupported PCRE syntax in regex: (?P=name) / (?P>name)" };
      }
      if (/^\(\?[a-zA-Z-]+[:)]/.test(rest)) {
        return { ok: false, reason: "unsupported PCRE syntax in regex: inline flag group inside the pattern" };
      }
    }
    if (c === "+" && afterQuantifier) {
      return { ok: false, reason: "unsupported PCRE syntax in regex: possessive quantifier" };
    }
    if (c === "$" && !multiline) {
      // PCRE's `$` also matches before a final newline.
      out += "(?=\\n?(?![\\s\\S]))";
      afterQuantifier = false;
      continue;
    }
    afterQuantifier = c === "*" || c === "+" || c === "?" || (c === "}" && /\{[0-9]*,?[0-9]*$/.test(out));
    if (c === "?" && /[*+?}]$/.test(out)) afterQuantifier = false;
    out += c;
  }
  return { ok: true, source: out };
}
