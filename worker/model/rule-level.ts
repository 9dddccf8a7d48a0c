/** How severe a rule says its hits are, lowest first, and what kind of text a rule is written in. */
export type RuleLevel = "informational" | "low" | "medium" | "high" | "critical";
export const RULE_LEVELS: readonly RuleLevel[] = ["informational", "low", "medium", "high", "critical"];

export type RuleKind = "sigma" | "simple";
