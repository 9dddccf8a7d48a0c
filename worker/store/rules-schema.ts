/** drizzle's view of the rule tables of migrations/0002_rules.sql, 0016_rule_packs.sql and 0017_rule_releases.sql (the SQL is the source of truth). */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const KINDS = ["sigma", "simple"] as const;
export const RULE_CHANGES = ["create", "update", "enable", "disable", "delete"] as const;

export const rules = sqliteTable("rules", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: KINDS }).notNull(),
  text: text("text").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  version: integer("version").notNull(),
  origin: text("origin", { enum: ["api", "import"] }).notNull(),
  note: text("note"),
  createdAt: integer("created_at").notNull(),
  createdBy: integer("created_by"),
  updatedAt: integer("updated_at").notNull(),
  updatedBy: integer("updated_by"),
});

export const ruleVersions = sqliteTable(
  "rule_versions",
  {
    ruleId: text("rule_id").notNull(),
    version: integer("version").notNull(),
    change: text("change", { enum: RULE_CHANGES }).notNull(),
    kind: text("kind", { enum: KINDS }).notNull(),
    text: text("text").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    changedAt: integer("changed_at").notNull(),
    changedBy: integer("changed_by"),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.version] })],
);

export const ruleSetVersion = sqliteTable("rule_set_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
  stamp: text("stamp").notNull(),
  changedAt: integer("changed_at").notNull(),
});

export const rulePacks = sqliteTable("rule_packs", {
  pack: text("pack").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  changedAt: integer("changed_at").notNull(),
  changedBy: integer("changed_by"),
});

export const ruleRelease = sqliteTable("rule_release", {
  id: integer("id").primaryKey(),
  digest: text("digest").notNull(),
  name: text("name").notNull(),
  r2Key: text("r2_key").notNull(),
  files: integer("files").notNull(),
  failed: integer("failed").notNull(),
  appliedAt: integer("applied_at").notNull(),
  appliedBy: integer("applied_by"),
});

export type RuleRow = typeof rules.$inferSelect;
export type RuleReleaseRow = typeof ruleRelease.$inferSelect;
export type RulePackRow = typeof rulePacks.$inferSelect;
export type RuleChange = (typeof RULE_CHANGES)[number];
