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

/** A stored event an alert links: its stored identity (batch id, index in the batch) and time. */
export interface AlertEventLink {
  batchId: string;
  batchIndex: number;
  ts: number;
  /**
   * Events the alert counts with this one but does not link: a correlation's events past the
   * oldest and newest it keeps of a flood. 0 for every other link.
   */
  unlinked: number;
}

export interface AlertCandidate {
  /** sha256 of rule id, host and key fields. */
  dedupKey: string;
  rule: AlertRule;
  host: string | null;
  keyFields: Record<string, string>;
  firstTs: number;
  lastTs: number;
  /** The candidate's events, oldest first: of this batch, and for a correlation of earlier ones too. */
  events: AlertEventLink[];
  /** False when it may only add to an open alert (events of a correlation's quiet timespan), never raise one. */
  opens: boolean;
}
