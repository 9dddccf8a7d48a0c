import { queryString, request } from "./client";

export const RULE_LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
export type RuleKind = "sigma" | "simple";

export interface CompileError {
  origin: string;
  /** 1-based line in the rule text, when known. */
  line: number | null;
  ruleId: string | null;
  reason: string;
}

/** A rule in the catalogue (worker/rules/catalogue.ts RuleEntry). */
export interface RuleEntry {
  /** Null for a bundled file too broken to name its rule. */
  id: string | null;
  kind: RuleKind;
  title: string | null;
  level: RuleLevel | null;
  tags: string[];
  origin: "bundled" | "api" | "import";
  path: string | null;
  line: number | null;
  overrides_bundled: boolean;
  enabled: boolean;
  version: number | null;
  status: "compiled" | "failed";
  errors: CompileError[];
  updated_at: string | null;
}

/** The alerts a rule has raised (worker/store/rule-alert-counts.ts), on the list and the rule's page. */
export interface RuleAlertCounts {
  total: number;
  /** Not yet acknowledged, closed or marked a false positive. */
  open: number;
  /** ISO time the rule's newest alert last saw a match; null when it never alerted. */
  last_seen: string | null;
}

/** A catalogue entry as the list and GET /rules/:id present it: with its alert counts. */
export interface RuleListEntry extends RuleEntry {
  alerts: RuleAlertCounts;
}

export interface RuleVersion {
  version: number;
  change: string;
  enabled: boolean;
  text: string;
  changed_at: string;
  changed_by: number | null;
}

export interface RuleQuery {
  kind?: RuleKind;
  origin?: RuleEntry["origin"];
  enabled?: "true" | "false";
  level?: RuleLevel;
  status?: RuleEntry["status"];
  q?: string;
}

export interface RuleTestMatch {
  event_id: number;
  ts: string;
  host: string | null;
  dataset: string;
  event_code: string | null;
  rule_id: string;
  rule_title: string;
  level: string;
  fields: Record<string, string>;
}

export interface RuleTestResult {
  rules: string[];
  scanned: number;
  unreadable: number;
  matches: RuleTestMatch[];
  truncated: boolean;
}

type Opts = { signal?: AbortSignal };

/**
 * A rule that does not compile is answered 400 with `{error, errors: CompileError[]}`:
 * read them with `compileErrors(error)`.
 */
export const rulesApi = {
  list: (query: RuleQuery = {}, opts?: Opts) =>
    request<{ version: number; count: number; rules: RuleListEntry[] }>(
      "GET",
      `/rules${queryString({ ...query })}`,
      undefined,
      opts,
    ),
  errors: (opts?: Opts) =>
    request<{ version: number; errors: CompileError[] }>("GET", "/rules/errors", undefined, opts),
  get: (id: string, opts?: Opts) =>
    request<{ rule: RuleListEntry; text: string; bundled_text: string | null; versions: RuleVersion[] }>(
      "GET",
      `/rules/${encodeURIComponent(id)}`,
      undefined,
      opts,
    ),
  create: (kind: RuleKind, text: string) => request<{ rule: RuleEntry }>("POST", "/rules", { kind, text }),
  update: (id: string, text: string) =>
    request<{ rule: RuleEntry; changed: boolean }>("PUT", `/rules/${encodeURIComponent(id)}`, { text }),
  setEnabled: (id: string, enabled: boolean) =>
    request<{ rule: RuleEntry; changed: boolean }>(
      "POST",
      `/rules/${encodeURIComponent(id)}/${enabled ? "enable" : "disable"}`,
    ),
  remove: (id: string) =>
    request<{ ok: true; id: string; bundled_rule_restored: boolean }>("DELETE", `/rules/${encodeURIComponent(id)}`),
  test: (kind: RuleKind, text: string, limit?: number) =>
    request<RuleTestResult>("POST", "/rules/test", { kind, text, limit }),
};

/** The compile errors carried by a failed create/update/test, if that is why it failed. */
export function compileErrors(error: unknown): CompileError[] {
  if (typeof error !== "object" || error === null || !("body" in error)) return [];
  const body = error.body;
  if (typeof body === "object" && body !== null && "errors" in body && Array.isArray(body.errors)) {
    return body.errors as CompileError[];
  }
  return [];
}
