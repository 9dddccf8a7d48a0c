-- Volume accounting for the Coverage page: events and stored bytes per UTC day of the event's time,
-- dataset, event code and host, kept up to date in the same D1 batch that stores the events, so the
-- coverage figures never scan the events table. A missing host or event code is kept as '' (a
-- primary key column must not be NULL for the upsert to find its row).
CREATE TABLE volume_rollups (
  -- Days since 1970-01-01 (UTC) of the events' ts.
  day INTEGER NOT NULL,
  dataset TEXT NOT NULL,
  event_code TEXT NOT NULL,
  host TEXT NOT NULL,
  events INTEGER NOT NULL,
  -- UTF-8 bytes of the stored raw JSON (events.raw).
  bytes INTEGER NOT NULL,
  PRIMARY KEY (day, dataset, event_code, host)
) WITHOUT ROWID;
