/**
 * An alert as detection proposes it for one batch: hits of one rule, host and key fields close in
 * time. The store adds it to a matching open alert or writes it as a new one.
 */
import type { RuleKind, RuleLevel } from "./rule-level.ts";

export type AlertRuleKind = RuleKind | "correlation";

export interface AlertRule {
  id: string;
  kind: AlertRuleKind;
  title: string;
  level: RuleLevel;
  tags: readonly string[];
}

export interface AlertCandidate {
  /** sha256 of rule id, host and key fields. */
  dedupKey: string;
  rule: AlertRule;
  host: string | null;
  keyFields: Record<string, string>;
  firstTs: number;
  lastTs: number;
  /** The candidate's events, oldest first. */
  events: { batchIndex: number; ts: number }[];
}
