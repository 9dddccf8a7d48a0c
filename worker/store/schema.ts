/** drizzle's view of the tables created by migrations/*.sql (the SQL files are the source of truth). */
import { index, integer, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  passwordSalt: text("password_salt").notNull(),
  passwordIterations: integer("password_iterations").notNull(),
  role: text("role", { enum: ["admin", "analyst", "viewer"] }).notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  userId: integer("user_id").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  revokedAt: integer("revoked_at"),
});

export const loginFailures = sqliteTable("login_failures", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  failures: integer("failures").notNull(),
  lockedUntil: integer("locked_until").notNull().default(0),
  lockouts: integer("lockouts").notNull().default(0),
});

export const agentTokens = sqliteTable("agent_tokens", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
  createdBy: integer("created_by"),
  lastUsedAt: integer("last_used_at"),
  revokedAt: integer("revoked_at"),
});

export const hosts = sqliteTable("hosts", {
  name: text("name").primaryKey(),
  firstSeen: integer("first_seen").notNull(),
  lastSeen: integer("last_seen").notNull(),
  lastEventTs: integer("last_event_ts").notNull(),
  lastTokenId: text("last_token_id"),
});

export const ingestBatches = sqliteTable("ingest_batches", {
  id: text("id").primaryKey(),
  tokenId: text("token_id"),
  bodyHash: text("body_hash").notNull(),
  receivedAt: integer("received_at").notNull(),
  storedAt: integer("stored_at").notNull(),
  status: text("status", { enum: ["stored", "partial"] }).notNull(),
  eventCount: integer("event_count").notNull(),
  accepted: integer("accepted").notNull(),
  rejected: text("rejected").notNull(),
  hosts: text("hosts").notNull(),
});

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey(),
    ts: integer("ts").notNull(),
    receivedAt: integer("received_at").notNull(),
    host: text("host"),
    source: text("source").notNull(),
    dataset: text("dataset").notNull(),
    eventCode: text("event_code"),
    category: text("category"),
    action: text("action"),
    outcome: text("outcome"),
    user: text("user"),
    process: text("process"),
    commandLine: text("command_line"),
    parentProcess: text("parent_process"),
    srcIp: text("src_ip"),
    srcPort: integer("src_port"),
    dstIp: text("dst_ip"),
    dstPort: integer("dst_port"),
    ruleHits: text("rule_hits"),
    raw: text("raw").notNull(),
    batchId: text("batch_id").notNull(),
    batchIndex: integer("batch_index").notNull(),
    importId: text("import_id"),
  },
  (t) => [
    unique().on(t.batchId, t.batchIndex),
    index("events_ts").on(t.ts, t.id),
    index("events_host_ts").on(t.host, t.ts, t.id),
    index("events_dataset_code_ts").on(t.dataset, t.eventCode, t.ts, t.id),
    index("events_code_ts").on(t.eventCode, t.ts, t.id),
    index("events_import_ts").on(t.importId, t.ts, t.id),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type EventRow = typeof events.$inferSelect;
