-- Who changed an alert's status or assignee, from what to what, and when: the alert page's history.
-- Written in the same D1 batch as the change itself, from the row's values before it, so the history
-- cannot disagree with the alert. Times are epoch milliseconds.
CREATE TABLE alert_history (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  actor TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('status', 'assignee')),
  -- NULL for "unassigned".
  old_value TEXT,
  new_value TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX alert_history_alert ON alert_history(alert_id, id);
