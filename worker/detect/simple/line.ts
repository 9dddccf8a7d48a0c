/**
 * One line of a simple-rule file. PocketSIEM's format: a rule is `- 'pattern'` (or `-'pattern'`),
 * `#` starts a comment line, blank lines are allowed. EdgeSIEM is stricter than PocketSIEM's loader,
 * which took the text between the first two quotes and dropped the rest: a line that would lose text
 * that way (`- 'Reg.exe*save'*hklm`) or that is neither a rule nor a comment is reported.
 */
import { type MetadataResult, parseMetadata, type SimpleRuleMetadata } from "./metadata.ts";

export type SimpleLine =
  | { kind: "skip" }
  | { kind: "rule"; pattern: string; metadata: SimpleRuleMetadata }
  | { kind: "error"; reason: string };

const RULE_LINE = /^\s*-\s*'([^']*)'(.*)$/;
const RULE_START = /^\s*-\s*'/;

function trailing(rest: string): MetadataResult {
  const text = rest.trim();
  if (text === "" || text.startsWith("#")) return parseMetadata(text);
  return {
    ok: false,
    reason: `text after the closing quote: '${text}' (a pattern cannot hold a quote; comments start with '#')`,
  };
}

export function parseSimpleLine(line: string): SimpleLine {
  const text = line.trim();
  if (text === "" || text.startsWith("#")) return { kind: "skip" };
  const m = RULE_LINE.exec(line);
  if (!m) {
    return RULE_START.test(line)
      ? { kind: "error", reason: "the pattern has no closing quote" }
      : { kind: "error", reason: "not a rule: a rule line is - 'pattern', a comment line starts with '#'" };
  }
  const after = trailing(m[2] ?? "");
  if (!after.ok) return { kind: "error", reason: after.reason };
  return { kind: "rule", pattern: (m[1] ?? "").trim(), metadata: after.metadata };
}
