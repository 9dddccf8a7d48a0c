-- Imports (worker/imports): a named set of log files an analyst brought in at once, from the
-- import command or the dashboard's Import page. Its events carry its id, so search, alerts and
-- the Events page can be scoped to one import.
CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- What the client derived from the files' contents: the same files imported again resume the
  -- same import (and its deterministic batch ids store nothing twice) instead of starting another.
  client_key TEXT UNIQUE,
  -- 'cli', 'dashboard' or 'api': which client made it.
  origin TEXT NOT NULL CHECK (origin IN ('cli', 'dashboard', 'api')),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
  finished_at INTEGER,
  -- The client's per-file summary at the end (records read, stored, rejected with reasons, alerts).
  summary TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX imports_created ON imports(created_at DESC);

ALTER TABLE events ADD COLUMN import_id TEXT;
CREATE INDEX events_import_ts ON events(import_id, ts DESC, id DESC) WHERE import_id IS NOT NULL;
