-- The audit log: who changed what, and every sign-in. One row per action, written in the same D1
-- batch as the change it records where the store allows it, so a change is never left unaudited.
-- `detail` is a JSON object of what changed; it never holds passwords, token secrets or webhook
-- URLs (a Slack URL is its own secret). Rows are never updated. Times are epoch milliseconds.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  -- NULL for actions nobody signed in did: a failed sign-in, a sign-up, the first-start admin.
  actor_id INTEGER,
  -- The name as the actor gave it (for a failed sign-in, the username tried), kept even if the user goes.
  actor_name TEXT,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  detail TEXT NOT NULL DEFAULT '{}',
  ip TEXT
);

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_name COLLATE NOCASE, id);
