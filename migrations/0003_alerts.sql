-- Alerts, their events and notes, the false-positive filter (exceptions), and correlation state.
-- Times are epoch milliseconds (INTEGER) throughout.

-- One alert per rule + host + key fields within the dedup window (ALERT_DEDUP_WINDOW_SECONDS):
-- a repeat extends last_seen and raises count instead of adding a row.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  -- sha256 of rule id, host and key fields: what makes two hits "the same alert".
  dedup_key TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  rule_kind TEXT NOT NULL CHECK (rule_kind IN ('sigma', 'simple', 'correlation')),
  title TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('informational', 'low', 'medium', 'high', 'critical')),
  -- 0 (informational) .. 4 (critical), for "this level or above" filters.
  level_rank INTEGER NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  host TEXT,
  -- JSON object: key field name -> value as text.
  key_fields TEXT NOT NULL DEFAULT '{}',
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  -- Derived from alert_events: the number of linked events.
  count INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed', 'false_positive')),
  assignee TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX alerts_last_seen ON alerts(last_seen DESC, id DESC);
CREATE INDEX alerts_status_last_seen ON alerts(status, last_seen DESC, id DESC);
CREATE INDEX alerts_rule_last_seen ON alerts(rule_id, last_seen DESC, id DESC);
CREATE INDEX alerts_host_last_seen ON alerts(host, last_seen DESC, id DESC);
CREATE INDEX alerts_level_last_seen ON alerts(level_rank, last_seen DESC, id DESC);
CREATE INDEX alerts_dedup ON alerts(dedup_key, last_seen DESC);

-- Which stored events an alert counts. An event raises at most one alert per rule, so a batch
-- written twice (agent resend, queue retry after a committed write) links, and counts, once.
-- write_id tells the links a write added from the ones it found, so counts grow incrementally.
CREATE TABLE alert_events (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  rule_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  batch_index INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  write_id INTEGER NOT NULL,
  PRIMARY KEY (batch_id, batch_index, rule_id)
);
CREATE INDEX alert_events_alert_ts ON alert_events(alert_id, ts DESC);

-- Triage notes: append-only, each with its author and time.
CREATE TABLE alert_notes (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX alert_notes_alert ON alert_notes(alert_id, created_at);

-- The false-positive filter: a match whose event has field = value (case-insensitive), for any
-- rule or for rule_id only, is counted here and not alerted.
CREATE TABLE alert_exceptions (
  id INTEGER PRIMARY KEY,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  rule_id TEXT,
  comment TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  hits INTEGER NOT NULL DEFAULT 0,
  last_hit_at INTEGER
);
CREATE UNIQUE INDEX alert_exceptions_unique ON alert_exceptions(lower(field), lower(value), coalesce(rule_id, ''));

-- The correlation engine's state, one row per correlation rule and group, carried across batches.
CREATE TABLE correlation_state (
  rule_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  state TEXT NOT NULL,
  -- Past this time the group's window is over and the row can be dropped.
  expires_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (rule_id, group_key)
);
CREATE INDEX correlation_state_expires ON correlation_state(expires_at);
