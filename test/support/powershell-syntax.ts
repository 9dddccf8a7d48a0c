/**
 * PowerShell syntax check for machines without PowerShell: tree-sitter-powershell's grammar, run
 * through web-tree-sitter from the .wasm the grammar's npm package ships (no native build).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Language, type Node, Parser } from "web-tree-sitter";

/** One place the grammar could not read: 1-based line and column, and what it found there. */
export interface SyntaxProblem {
  line: number;
  column: number;
  kind: "ERROR" | "MISSING";
  text: string;
}

const NUMERIC_SUFFIX = /\b(\d+(?:\.\d+)?)([ld]?(?:kb|mb|gb|tb|pb)|[ld])\b/gi;

/**
 * PowerShell reads a number's type suffix and multiplier in any case (`3MB` is `3mb`, `10L` is
 * `10l`), the grammar only in lower case. Lower-casing the suffix keeps every offset, so positions
 * stay those of the file; a suffix inside a string or comment changes nothing the grammar checks.
 */
export function lowerNumericSuffixes(source: string): string {
  return source.replace(NUMERIC_SUFFIX, (_match, digits: string, suffix: string) => digits + suffix.toLowerCase());
}

let parserPromise: Promise<Parser> | undefined;

function powershellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve("tree-sitter-powershell/tree-sitter-powershell.wasm");
    const parser = new Parser();
    parser.setLanguage(await Language.load(readFileSync(wasm)));
    return parser;
  })();
  return parserPromise;
}

const EXCERPT_LIMIT = 200;

/** An ERROR node can swallow the rest of a file; its start is what points at the fault. */
function excerpt(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length > EXCERPT_LIMIT ? `${trimmed.slice(0, EXCERPT_LIMIT)}…` : trimmed;
}

function collectProblems(node: Node, problems: SyntaxProblem[]): void {
  if (node.isError || node.isMissing) {
    problems.push({
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      kind: node.isMissing ? "MISSING" : "ERROR",
      text: node.isMissing ? node.type : excerpt(node.text),
    });
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) collectProblems(child, problems);
}

/** Every ERROR and MISSING node of the source's parse tree, in source order; empty when it parses. */
export async function powershellSyntaxProblems(source: string): Promise<SyntaxProblem[]> {
  const parser = await powershellParser();
  const tree = parser.parse(lowerNumericSuffixes(source));
  if (tree === null) throw new Error("tree-sitter-powershell returned no tree");
  const problems: SyntaxProblem[] = [];
  collectProblems(tree.rootNode, problems);
  tree.delete();
  return problems;
}

/** `file:line:column: ERROR "text"`, the form an editor opens. */
export function formatProblem(file: string, problem: SyntaxProblem): string {
  return `${file}:${problem.line}:${problem.column}: ${problem.kind} ${JSON.stringify(problem.text)}`;
}
