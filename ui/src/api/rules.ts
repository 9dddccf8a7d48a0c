import type {
  BacktestAnswer,
  CompileError,
  NoisyRules,
  ReleaseApplied,
  ReleasePreview,
  RuleChanged,
  RuleCreated,
  RuleDetail,
  RuleErrors,
  RuleKind,
  RuleLevel,
  RuleList,
  RuleNoise,
  RulePackChanged,
  RulePackList,
  RuleQuery,
  RuleRemoved,
  RuleTestResult,
} from "../../../worker/model/wire/rules.ts";

export type {
  BacktestAnswer,
  BacktestRuleResult,
  CompileError,
  NoiseField,
  NoisyRule,
  NoisyRules,
  ReleaseApplied,
  ReleaseFailure,
  ReleaseLocalRule,
  ReleasePreview,
  ReleaseRuleRef,
  ReleaseSummary,
  RuleAlertCounts,
  RuleEntry,
  RuleKind,
  RuleLevel,
  RuleListEntry,
  RuleNoise,
  RulePack,
  RulePackList,
  RuleQuery,
  RuleTestMatch,
  RuleTestResult,
  RuleVersion,
} from "../../../worker/model/wire/rules.ts";

import { queryString, request } from "./client";

export const RULE_LEVELS = [
  "informational",
  "low",
  "medium",
  "high",
  "critical",
] as const satisfies readonly RuleLevel[];
type Opts = { signal?: AbortSignal };

/** What a backtest tries: rules by id and/or texts not saved yet. */
export interface BacktestRequest {
  rules?: string[];
  texts?: { kind: RuleKind; text: string }[];
  /** The rules this pack would switch on. */
  pack?: string;
}

/** A run's first page names its range; the next ones carry the state the previous page answered. */
export interface BacktestPage extends BacktestRequest {
  days?: number;
  page_size?: number;
  state?: string;
}

export type NoiseWindow = 1 | 7 | 30;

/** A SigmaHQ release to update to: a zip file chosen, or a URL the Worker fetches (https). */
export type ReleaseSource = { zip: Blob; name?: string } | { url: string; name?: string };

function releaseRequest<T>(path: string, source: ReleaseSource, digest?: string) {
  const params = { name: "zip" in source ? source.name || undefined : undefined, digest };
  const body = "zip" in source ? source.zip : { url: source.url, ...(source.name ? { name: source.name } : {}) };
  return request<T>("POST", `${path}${queryString(params)}`, body);
}

/**
 * A rule that does not compile is answered 400 with `{error, errors: CompileError[]}`:
 * read them with `compileErrors(error)`.
 */
export const rulesApi = {
  list: (query: RuleQuery = {}, opts?: Opts) =>
    request<RuleList>("GET", `/rules${queryString({ ...query })}`, undefined, opts),
  errors: (opts?: Opts) => request<RuleErrors>("GET", "/rules/errors", undefined, opts),
  packs: (opts?: Opts) => request<RulePackList>("GET", "/rules/packs", undefined, opts),
  previewRelease: (source: ReleaseSource) => releaseRequest<ReleasePreview>("/rules/releases/preview", source),
  /** Refused (409) unless the release is the one previewed, whose digest is given. */
  applyRelease: (source: ReleaseSource, digest: string) =>
    releaseRequest<ReleaseApplied>("/rules/releases", source, digest),
  revertRelease: () => request<ReleaseApplied>("DELETE", "/rules/releases/current"),
  setPackEnabled: (pack: string, enabled: boolean) =>
    request<RulePackChanged>("POST", `/rules/packs/${encodeURIComponent(pack)}/${enabled ? "enable" : "disable"}`),
  get: (id: string, opts?: Opts) => request<RuleDetail>("GET", `/rules/${encodeURIComponent(id)}`, undefined, opts),
  create: (kind: RuleKind, text: string) => request<RuleCreated>("POST", "/rules", { kind, text }),
  update: (id: string, text: string) => request<RuleChanged>("PUT", `/rules/${encodeURIComponent(id)}`, { text }),
  setEnabled: (id: string, enabled: boolean) =>
    request<RuleChanged>("POST", `/rules/${encodeURIComponent(id)}/${enabled ? "enable" : "disable"}`),
  remove: (id: string) => request<RuleRemoved>("DELETE", `/rules/${encodeURIComponent(id)}`),
  test: (kind: RuleKind, text: string, limit?: number) =>
    request<RuleTestResult>("POST", "/rules/test", { kind, text, limit }),
  backtest: (page: BacktestPage, opts?: Opts) => request<BacktestAnswer>("POST", "/rules/backtest", page, opts),
  noisy: (days: NoiseWindow, sort: NoisyRules["sort"], opts?: Opts) =>
    request<NoisyRules>("GET", `/rules/noisy${queryString({ days, sort })}`, undefined, opts),
  noise: (id: string, days: NoiseWindow, opts?: Opts) =>
    request<RuleNoise>("GET", `/rules/${encodeURIComponent(id)}/noise${queryString({ days })}`, undefined, opts),
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
