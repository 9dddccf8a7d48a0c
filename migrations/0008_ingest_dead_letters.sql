-- Parts of ingest batches that the retry queue gave up on (wrangler.toml's max_retries), kept until
-- an admin replays or discards them. A part is identified by its batch and its first record's index
-- (part_key), so the same part dead-lettered twice is one row.

CREATE TABLE ingest_dead_letters (
  id INTEGER PRIMARY KEY,
  -- "<batch_id>#<first record index>", or "message:<queue message id>" for a message that is not an ingest part.
  part_key TEXT NOT NULL UNIQUE,
  batch_id TEXT,
  token_id TEXT,
  record_count INTEGER NOT NULL,
  -- The queue message body as sent (JSON): what a replay runs again.
  message TEXT NOT NULL,
  -- NULL: unknown (the consumer could not learn why, e.g. it was stopped before it could try).
  first_error TEXT,
  last_error TEXT,
  -- Store attempts made from this table (the consumer's own try and each replay) that failed.
  attempts INTEGER NOT NULL DEFAULT 0,
  dead_lettered_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'replayed', 'discarded')),
  -- When and by whom it was stored after all: a username, or "dead-letter consumer" when the
  -- consumer's own try on arrival succeeded.
  replayed_at INTEGER,
  replayed_by TEXT,
  discarded_at INTEGER,
  discarded_by TEXT
);
CREATE INDEX ingest_dead_letters_status ON ingest_dead_letters(status, dead_lettered_at DESC);
CREATE INDEX ingest_dead_letters_dead_at ON ingest_dead_letters(dead_lettered_at DESC);
