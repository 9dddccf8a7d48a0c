import type { RuleLevel } from "../rule-level.ts";

/** One log source (a dataset, or one event code of it) as GET /coverage describes it (worker/http/routes/coverage.ts). */
export interface CoverageSource {
  dataset: string;
  event_code: string | null;
  events_per_day: number;
  bytes_per_day: number;
  /** Fraction of all stored bytes. */
  share: number;
  hosts: number;
  /** Ids of the enabled rules that read it. */
  rules: string[];
  rules_fired: number;
  alerts: number;
  techniques: string[];
  /** In words: "feeds 2 rules that fired", "feeds rules that never fired", "feeds no rule". */
  verdict: string;
  verdict_kind: "fired" | "never_fired" | "no_rule";
}

/**
 * covered: an enabled rule names it and receives events; source_missing: its enabled rules receive
 * nothing; not_covered: only switched-off rules name it; gap: no rule names it (nor a sub-technique of it).
 */
export type TechniqueStatus = "covered" | "source_missing" | "not_covered" | "gap";

export interface CoverageTechnique {
  id: string;
  /** ATT&CK's name; null for an id the shipped ATT&CK release does not hold. */
  name: string | null;
  tactics: string[];
  /** Ids of the rules that name it. */
  rules: string[];
  /** The received sources that feed its enabled rules. */
  sources: { dataset: string; event_code: string | null }[];
  status: TechniqueStatus;
}

export interface CoverageRule {
  id: string;
  title: string;
  level: RuleLevel;
  kind: "sigma" | "simple" | "correlation";
  techniques: string[];
  tactics: string[];
  /** The sources the rule reads, and whether each is received; absent for a simple rule and one that reads every event. */
  needs?: { dataset: string; event_code: string | null; received: boolean }[];
  /** A simple rule's need: detail text (command line, file, registry key, DNS query, URL), or only an address. */
  simple_reads?: "detail_text" | "addresses";
  every_event: boolean;
  receiving: boolean;
  alerts: number;
}

export interface Coverage {
  days: number;
  totals: { events_per_day: number; bytes_per_day: number };
  sources: CoverageSource[];
  rules: CoverageRule[];
  techniques: CoverageTechnique[];
  tactics: string[];
  /** The MITRE ATT&CK Enterprise release the technique names and gaps come from. */
  attack_version: string;
}

export interface DroppedSource {
  dataset: string;
  event_code?: string;
}

export interface WhatIf {
  days: number;
  /** The sources the answer assumes dropped, as the request named them. */
  drop: { dataset: string; event_code: string | null }[];
  saved: { events_per_day: number; bytes_per_day: number; share: number };
  lost_techniques: { id: string; rules: string[] }[];
  lost_rules: { id: string; title: string; level: string; alerts: number }[];
  lost_alerts: number;
  weakened_rules: { id: string; title: string; alerts: number }[];
}
