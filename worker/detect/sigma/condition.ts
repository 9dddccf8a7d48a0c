/**
 * The Sigma condition grammar, compiled straight onto the search identifiers' match nodes.
 * Precedence, loosest first: or, and, not, `x of`, parentheses. `x of` takes `them` (every
 * identifier not starting with `_`) or a pattern with `*` wildcards; a pattern matching nothing,
 * or an unknown identifier, is an error.
 */
import { andNode, FALSE_NODE, type MatchNode, notNode, orNode } from "./match-tree.ts";

export type ConditionResult = { ok: true; node: MatchNode } | { ok: false; reason: string };

type Token = { kind: "(" } | { kind: ")" } | { kind: "word"; text: string };

function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  for (const match of condition.matchAll(/\(|\)|[^\s()]+/g)) {
    const text = match[0];
    tokens.push(text === "(" || text === ")" ? { kind: text } : { kind: "word", text });
  }
  return tokens;
}

class ConditionError extends Error {}

export function compileCondition(condition: string, identifiers: ReadonlyMap<string, MatchNode>): ConditionResult {
  try {
    const parser = new Parser(tokenize(condition), identifiers);
    return { ok: true, node: parser.parse() };
  } catch (error) {
    if (error instanceof ConditionError) return { ok: false, reason: `condition '${condition}': ${error.message}` };
    throw error;
  }
}

const isWord = (token: Token | undefined, word: string): boolean =>
  token?.kind === "word" && token.text.toLowerCase() === word;

class Parser {
  readonly #tokens: Token[];
  readonly #identifiers: ReadonlyMap<string, MatchNode>;
  #pos = 0;

  constructor(tokens: Token[], identifiers: ReadonlyMap<string, MatchNode>) {
    this.#tokens = tokens;
    this.#identifiers = identifiers;
  }

  parse(): MatchNode {
    if (this.#tokens.length === 0) throw new ConditionError("empty condition");
    const node = this.#or();
    const extra = this.#tokens[this.#pos];
    if (extra !== undefined) throw new ConditionError(`unexpected '${show(extra)}'`);
    return node;
  }

  #or(): MatchNode {
    const children = [this.#and()];
    while (isWord(this.#tokens[this.#pos], "or")) {
      this.#pos++;
      children.push(this.#and());
    }
    return orNode(children);
  }

  #and(): MatchNode {
    const children = [this.#not()];
    while (isWord(this.#tokens[this.#pos], "and")) {
      this.#pos++;
      children.push(this.#not());
    }
    return andNode(children);
  }

  #not(): MatchNode {
    if (isWord(this.#tokens[this.#pos], "not")) {
      this.#pos++;
      return notNode(this.#not());
    }
    return this.#primary();
  }

  #primary(): MatchNode {
    const token = this.#tokens[this.#pos++];
    if (token === undefined) throw new ConditionError("ends too early");
    if (token.kind === "(") {
      const inner = this.#or();
      if (this.#tokens[this.#pos]?.kind !== ")") throw new ConditionError("missing ')'");
      this.#pos++;
      return inner;
    }
    if (token.kind === ")") throw new ConditionError("unexpected ')'");
    if (isWord(this.#tokens[this.#pos], "of")) {
      this.#pos++;
      return this.#quantified(token.text);
    }
    if (["and", "or", "of", "them"].includes(token.text.toLowerCase())) {
      throw new ConditionError(`unexpected '${token.text}'`);
    }
    const node = this.#identifiers.get(token.text);
    if (node === undefined) throw new ConditionError(`unknown search identifier '${token.text}'`);
    return node;
  }

  #quantified(quantifier: string): MatchNode {
    const target = this.#tokens[this.#pos++];
    if (target?.kind !== "word") throw new ConditionError(`'${quantifier} of' needs 'them' or a pattern`);
    const names = this.#matching(target.text);
    if (names.length === 0) throw new ConditionError(`'${target.text}' matches no search identifier`);
    const children = names.map((name) => this.#identifiers.get(name) as MatchNode);
    const q = quantifier.toLowerCase();
    if (q === "all") return andNode(children);
    if (q === "any" || q === "1") return orNode(children);
    if (!/^[0-9]+$/.test(q) || Number(q) < 1) throw new ConditionError(`'${quantifier} of' is not a valid quantifier`);
    const count = Number(q);
    if (count > children.length) return FALSE_NODE;
    return count === children.length ? andNode(children) : { kind: "atLeast", count, children };
  }

  #matching(target: string): string[] {
    const names = [...this.#identifiers.keys()];
    if (target.toLowerCase() === "them") return names.filter((name) => !name.startsWith("_"));
    const pattern = new RegExp(`^${target.split("*").map(escapeRegex).join(".*")}$`);
    return names.filter((name) => pattern.test(name));
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function show(token: Token): string {
  return token.kind === "word" ? token.text : token.kind;
}
