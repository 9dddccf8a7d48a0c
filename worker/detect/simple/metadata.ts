/**
 * PocketSIEM's simple rules carry no level or tags, and its loader ignores anything after the
 * closing quote. EdgeSIEM reads an optional trailing comment of `key: value` pairs there, so a
 * PocketSIEM file loads unchanged and an EdgeSIEM one stays readable by PocketSIEM:
 *   - 'vssadmin*delete*shadows'  # level: high; tags: attack.t1490, attack.impact; title: Shadow copies deleted
 * A comment that does not start with a known key is an ordinary comment.
 */
import { RULE_LEVELS, type RuleLevel } from "../types.ts";

export interface SimpleRuleMetadata {
  level: RuleLevel | null;
  tags: string[];
  title: string | null;
}

export type MetadataResult = { ok: true; metadata: SimpleRuleMetadata } | { ok: false; reason: string };

const KEYS = ["level", "tags", "title"] as const;
type Key = (typeof KEYS)[number];

const METADATA_START = /^#\s*(?:level|tags|title)\s*:/i;
const ENTRY = /^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/;
const TAG = /^[a-z0-9_.-]+$/i;

const NO_METADATA: SimpleRuleMetadata = { level: null, tags: [], title: null };

function isKey(name: string): name is Key {
  return (KEYS as readonly string[]).includes(name);
}

function isLevel(value: string): value is RuleLevel {
  return (RULE_LEVELS as readonly string[]).includes(value);
}

function applyEntry(metadata: SimpleRuleMetadata, key: Key, value: string): string | null {
  if (value === "") return `'${key}' has no value`;
  if (key === "level") {
    const level = value.toLowerCase();
    if (!isLevel(level)) return `level '${value}' is not one of ${RULE_LEVELS.join(", ")}`;
    metadata.level = level;
  } else if (key === "tags") {
    const tags = value.split(/[\s,]+/).filter((tag) => tag !== "");
    const bad = tags.find((tag) => !TAG.test(tag));
    if (bad !== undefined) return `tag '${bad}' may only hold letters, digits, '.', '_' and '-'`;
    metadata.tags = tags.map((tag) => tag.toLowerCase());
  } else {
    metadata.title = value;
  }
  return null;
}

/** `comment` is the text after the closing quote, starting with `#`. */
export function parseMetadata(comment: string): MetadataResult {
  if (!METADATA_START.test(comment)) return { ok: true, metadata: { ...NO_METADATA } };
  const metadata: SimpleRuleMetadata = { ...NO_METADATA };
  const seen = new Set<string>();
  for (const entry of comment.replace(/^#/, "").split(";")) {
    if (entry.trim() === "") continue;
    const m = ENTRY.exec(entry);
    const key = m?.[1]?.toLowerCase();
    if (!m || key === undefined) return { ok: false, reason: `metadata '${entry.trim()}' is not 'key: value'` };
    if (!isKey(key)) return { ok: false, reason: `unknown metadata key '${m[1]}' (known: ${KEYS.join(", ")})` };
    if (seen.has(key)) return { ok: false, reason: `metadata key '${key}' is given twice` };
    seen.add(key);
    const error = applyEntry(metadata, key, m[2] ?? "");
    if (error !== null) return { ok: false, reason: error };
  }
  return { ok: true, metadata };
}
