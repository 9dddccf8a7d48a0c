/**
 * Editing the query bar's text from a value ("filter for" / "filter out"). The quoting follows the
 * Worker's parser (worker/search/query-parser.ts): any value reads back exactly, `*` included.
 */

/** Field names the search language and the false-positive filter accept (worker/model/fields.ts). */
const FIELD_NAME = /^[A-Za-z0-9_@.\- ]{1,128}$/;

export function isQueryField(name: string): boolean {
  return FIELD_NAME.test(name);
}

/**
 * A phrase: `"` becomes `\"`, and a backslash is doubled only where the parser would read it as an
 * escape (before `"` or `\`, or at the end), so Windows paths stay readable.
 */
export function quoteValue(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    const next = value[i + 1];
    if (ch === '"') out += '\\"';
    else if (ch === "\\" && (next === undefined || next === "\\" || next === '"')) out += "\\\\";
    else out += ch;
  }
  return `"${out}"`;
}

/** `field:"value"`, with spaces in the field name escaped. */
export function termFor(field: string, value: string): string {
  return `${field.replace(/ /g, "\\ ")}:${quoteValue(value)}`;
}

/** The query narrowed by a term (or its negation); an `or` query is bracketed first so the term applies to all of it. */
export function withTerm(query: string, term: string, exclude: boolean): string {
  const clause = exclude ? `not ${term}` : term;
  const current = query.trim();
  if (current === "") return clause;
  // Already there (a "filter for" does not count the same term's "not").
  const present = exclude ? current.includes(clause) : current.replaceAll(`not ${term}`, "").includes(term);
  if (present) return current;
  return /\bor\b/i.test(current) ? `(${current}) and ${clause}` : `${current} and ${clause}`;
}
