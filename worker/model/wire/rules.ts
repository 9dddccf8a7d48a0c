import type { RuleKind, RuleLevel } from "../rule-level.ts";

export type { RuleKind, RuleLevel };

export interface CompileError {
  origin: string;
  /** 1-based line in the rule text, when known. */
  line: number | null;
  ruleId: string | null;
  reason: string;
}

/** A rule in the catalogue (worker/rules/catalogue.ts RuleEntry). */
export interface RuleEntry {
  /** Null for a bundled file too broken to name its rule (its errors say why). */
  id: string | null;
  kind: RuleKind;
  title: string | null;
  level: RuleLevel | null;
  tags: string[];
  /** bundled: from rules/ at build time; api / import: stored in the database. */
  origin: "bundled" | "api" | "import";
  /** The bundled file (for a stored rule: the bundled file whose rule it overrides). */
  path: string | null;
  line: number | null;
  overrides_bundled: boolean;
  /**
   * The rule pack a bundled rule ships in (edgesiem, core, core+, core++, emerging-threats,
   * threat-hunting), null for one in no pack and for a rule only stored. A bundled rule with no row
   * is enabled when its pack is; a row switches it on its own.
   */
  pack: string | null;
  enabled: boolean;
  /** The stored rule's version; null for a bundled rule never changed. */
  version: number | null;
  status: "compiled" | "failed";
  errors: CompileError[];
  updated_at: string | null;
  /** Why a stored rule's row exists when no one wrote it (a rule SigmaHQ removed, kept disabled); null otherwise. */
  note: string | null;
  /**
   * For a rule that is not the first of its Sigma file (a correlation's base rule, say): the id of
   * the file's first rule, which names the file. Its text, versions and switches are the file's,
   * and every route takes either id. Null for a file's first rule and for simple rules.
   */
  file_id: string | null;
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
  change: "create" | "update" | "enable" | "disable" | "delete";
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
  pack?: string;
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

export interface RuleList {
  version: number;
  count: number;
  rules: RuleListEntry[];
}

export interface RuleErrors {
  version: number;
  errors: readonly CompileError[];
}

/** GET /rules/:id: the rule with its text, the bundled text it overrides and its versions. */
export interface RuleDetail {
  rule: RuleListEntry;
  text: string;
  bundled_text: string | null;
  versions: RuleVersion[];
}

export interface RuleCreated {
  rule: RuleEntry;
}

/** PUT /rules/:id, POST /rules/:id/enable and /disable. */
export interface RuleChanged {
  rule: RuleEntry;
  changed: boolean;
}

export interface RuleRemoved {
  ok: true;
  id: string;
  bundled_rule_restored: boolean;
}

/** A rule pack (worker/rules/packs.ts) as GET /rules/packs lists it. */
export interface RulePack {
  id: "edgesiem" | "core" | "core+" | "core++" | "emerging-threats" | "threat-hunting";
  description: string;
  /** The pack's own switch. */
  enabled: boolean;
  /** On through its own switch or a pack that holds it (core is on when core+ is). */
  effective: boolean;
  enabled_by_default: boolean;
  /** Packs whose rules this one holds besides its own (core+ holds core). */
  includes: RulePack["id"][];
  rules: number;
  failed: number;
  /** Rules of the pack whose row switches them against the pack. */
  switched_on_their_own: number;
}

/** The vendored SigmaHQ release the packs come from. */
export interface RuleRelease {
  repository: string;
  commit: string;
  date: string;
}

export interface RulePackList {
  /** The vendored release bundled into the Worker. */
  release: RuleRelease | null;
  /** The SigmaHQ release in use: the bundled one, or one an admin applied since (POST /rules/releases). */
  current_release: ReleaseSummary;
  packs: RulePack[];
}

export interface RulePackChanged {
  pack: RulePack | undefined;
  changed: boolean;
}

/** An event a backtested rule matched, to look at in the Events page. */
export interface BacktestSample {
  event_id: number;
  ts: string;
  host: string | null;
  /** What ran or happened, cut to 160 characters. */
  summary: string;
}

/** One rule of a backtest, so far. */
export interface BacktestRuleResult {
  id: string;
  title: string;
  level: RuleLevel;
  kind: RuleKind | "correlation";
  /** The id the request named (a file's id tries each of its rules), or `texts[<index>]`. */
  requested: string;
  /** Alerts it would have raised: its hits grouped as ingest groups them (rule, host, key fields, dedup window). */
  alerts: number;
  /** Events it matched that no exception covers (for a correlation: its firings). */
  events: number;
  /** Matches an existing exception would have suppressed. */
  suppressed: number;
  /** The latest of those events, oldest first. */
  samples: BacktestSample[];
}

/** POST /rules/backtest: the run so far, and the state to send for its next page. */
export interface BacktestAnswer {
  from: string;
  to: string;
  scanned: number;
  /** Events in the range when the run started. */
  total: number;
  unreadable: number;
  done: boolean;
  /** The bounded memory of open alerts or correlation groups forgot some: counts are near, not exact. */
  approximate: boolean;
  /** How many rules the run tries. */
  rules_tried: number;
  /** Each rule tried; for a pack's run, only those that matched an event so far. */
  rules: BacktestRuleResult[];
  /** Send it back as `state` for the next page; null once done. */
  state: string | null;
}

/** A rule by how much it alerts, in GET /rules/noisy. */
export interface NoisyRule {
  id: string;
  title: string;
  level: string;
  kind: string;
  /** Alerts active in the window (first seen before its end, last seen after its start). */
  alerts: number;
  alerts_per_day: number;
  false_positives: number;
  /** Share of those alerts marked false positive, 0 to 1. */
  false_positive_share: number;
  /** Events those alerts gathered. */
  events: number;
  last_seen: string;
}

export interface NoisyRules {
  from: string;
  to: string;
  days: number;
  sort: "alerts" | "false_positive";
  rules: NoisyRule[];
}

/** A field=value shared by many of a rule's alerts: a candidate exception scoped to the rule. */
export interface NoiseField {
  field: string;
  value: string;
  /** Sampled alerts whose event has it. */
  alerts: number;
  /** Share of the sampled alerts (whose event could be read) the exception would have suppressed, 0 to 1. */
  share: number;
}

/** GET /rules/:id/noise: the fields that vary least across the rule's latest alerts. */
export interface RuleNoise {
  rule_id: string;
  from: string;
  to: string;
  /** Latest alerts looked at. */
  sampled: number;
  /** Of those, alerts whose newest event is still stored and readable. */
  read: number;
  fields: NoiseField[];
}

/** A rule file of a release, as an update's preview lists it. */
export interface ReleaseRuleRef {
  /** Null for a file too broken to name its rule. */
  id: string | null;
  title: string | null;
  level: RuleLevel;
  status: string | null;
  /** The pack it ships in (null: none, on only through its own row). */
  pack: string | null;
  /** Its path in SigmaHQ's tree: rules/windows/.../x.yml. */
  path: string;
}

/** Why a release's file does not compile (or could not be read). */
export interface ReleaseFailure {
  path: string;
  id: string | null;
  line: number | null;
  reason: string;
}

/** A rule of this deployment's own rows that the update touches, and what becomes of it. */
export interface ReleaseLocalRule {
  id: string;
  title: string | null;
  path: string;
  /** What SigmaHQ did to the rule. */
  upstream: "added" | "changed" | "removed";
  /** edit: the row's text is not upstream's; switch: the row only switches upstream's text on or off. */
  row: "edit" | "switch" | "none";
  /** Whether the rule runs after the update. */
  enabled_after: boolean;
  outcome: string;
}

/** A SigmaHQ release: the one in use, or the one a preview reads. */
export interface ReleaseSummary {
  name: string;
  /** SHA-256 of the release's rule files (paths and texts); null for the bundled one, which is named by its commit. */
  digest: string | null;
  source: "bundled" | "stored";
  files: number;
  applied_at: string | null;
}

/** POST /rules/releases/preview, and the answer of applying: what an update changes. */
export interface ReleasePreview {
  release: ReleaseSummary;
  current: ReleaseSummary;
  counts: {
    files: number;
    added: number;
    changed: number;
    removed: number;
    unchanged: number;
    /** Files that do not compile (or cannot be read), of the new release. */
    failed: number;
    /** Of those, files that compiled in the release in use. */
    newly_failing: number;
  };
  added: ReleaseRuleRef[];
  changed: ReleaseRuleRef[];
  removed: ReleaseRuleRef[];
  newly_failing: ReleaseFailure[];
  /** Every failure of the new release, with its reason. */
  failures: ReleaseFailure[];
  /** SigmaHQ rule folders in the zip that no pack ships (rules-compliance, deprecated...), not read. */
  not_shipped: { folder: string; files: number }[];
  local: ReleaseLocalRule[];
  /** The added and changed rules that would run at once (they compile, their pack is on, no row overrides them). */
  backtest: { rules: { id: string; path: string }[]; note: string };
}

/** POST /rules/releases and DELETE /rules/releases/current. */
export interface ReleaseApplied {
  preview: ReleasePreview;
  /** Rule rows written: removed rules kept disabled, switches following upstream's new text. */
  rows_written: number;
}
