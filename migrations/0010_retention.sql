-- Retention (worker/archive): events past RETENTION_DAYS are archived to R2 and deleted by the
-- cron trigger. A day restored from its archive is held here so the next run does not delete it
-- again at once; past `hold_until` the hold ends and the day's restored events go the usual way.
CREATE TABLE archive_holds (
  -- The UTC day, YYYY-MM-DD, as the archive keys name it.
  day TEXT PRIMARY KEY,
  hold_until INTEGER NOT NULL,
  restored_by TEXT NOT NULL,
  restored_at INTEGER NOT NULL
);
