-- EdgeSIEM foundation schema: users, sessions, agent tokens, hosts, ingest batches, events.
-- Times are epoch milliseconds (INTEGER) throughout.

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  password_salt TEXT NOT NULL,
  password_iterations INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
  enabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per dashboard sign-in; the session JWT carries the id as jti so logout and
-- disabling a user take effect before the token expires.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed sign-ins per username+IP, for rate limiting.
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  failures INTEGER NOT NULL
);

-- Agent tokens: the JWT itself is never stored, only its jti (id).
CREATE TABLE agent_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE hosts (
  name TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  last_event_ts INTEGER NOT NULL,
  last_token_id TEXT
);

-- Every agent batch received (PocketSIEM's "Submissions"); its id makes resends idempotent.
-- Every write of a batch is idempotent (events are unique by batch_id + batch_index and the
-- counts here are derived from what is stored), so a batch written directly, then again by the
-- retry queue, or resent by its agent, is stored exactly once.
CREATE TABLE ingest_batches (
  id TEXT PRIMARY KEY,
  token_id TEXT,
  body_hash TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  stored_at INTEGER NOT NULL,
  -- partial: the retry queue has stored some of the batch's chunks so far.
  status TEXT NOT NULL CHECK (status IN ('stored', 'partial')),
  event_count INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  rejected TEXT NOT NULL DEFAULT '[]',
  hosts TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX ingest_batches_received ON ingest_batches(received_at);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  host TEXT,
  source TEXT NOT NULL,
  dataset TEXT NOT NULL,
  event_code TEXT,
  category TEXT,
  action TEXT,
  outcome TEXT,
  user TEXT,
  process TEXT,
  command_line TEXT,
  parent_process TEXT,
  src_ip TEXT,
  src_port INTEGER,
  dst_ip TEXT,
  dst_port INTEGER,
  rule_hits TEXT,
  raw TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  batch_index INTEGER NOT NULL,
  UNIQUE (batch_id, batch_index)
);
-- Every events query is a time range, newest first, optionally narrowed by one of these.
CREATE INDEX events_ts ON events(ts DESC, id DESC);
CREATE INDEX events_host_ts ON events(host, ts DESC, id DESC);
CREATE INDEX events_dataset_code_ts ON events(dataset, event_code, ts DESC, id DESC);
CREATE INDEX events_code_ts ON events(event_code, ts DESC, id DESC);
