-- Webhook targets for alert notifications, and the deliveries that failed for good.

CREATE TABLE notification_targets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  url TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('generic', 'slack')),
  -- Alerts below this level are not sent to the target.
  min_level TEXT NOT NULL CHECK (min_level IN ('informational', 'low', 'medium', 'high', 'critical')),
  enabled INTEGER NOT NULL DEFAULT 1,
  -- Key for the HMAC signature header of generic targets; never returned by the API.
  secret TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- The outcome of the latest delivery attempt, for the dashboard.
  last_attempt_at INTEGER,
  last_status TEXT CHECK (last_status IN ('delivered', 'failed', 'dead-lettered')),
  last_error TEXT,
  last_delivered_at INTEGER
);

-- Notifications that still failed after the queue's last retry. No foreign key: the record outlives
-- a target deleted since. target_id is NULL when the alerts were never fanned out to any target
-- (D1 could not list the targets).
CREATE TABLE notification_dead_letters (
  id INTEGER PRIMARY KEY,
  target_id TEXT,
  alert_ids TEXT NOT NULL,
  message TEXT NOT NULL,
  dead_at INTEGER NOT NULL
);
CREATE INDEX notification_dead_letters_target ON notification_dead_letters(target_id, dead_at DESC);
CREATE INDEX notification_dead_letters_dead_at ON notification_dead_letters(dead_at);
