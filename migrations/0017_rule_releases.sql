-- The SigmaHQ release in use when it is not the one bundled into the Worker: an admin applied a
-- newer one (POST /api/v1/rules/releases, `npm run rules:update -- --apply`). Its rule files, in the
-- bundle's shape (worker/rules/bundled.ts), are one JSON object in R2 (ARCHIVE, under rules/releases/,
-- named by the digest of its files); this row names it. No row: the bundled release. One row at most,
-- written in the same D1 batch as the rule-set version bump, so an isolate that sees the new stamp
-- also sees which release it names.
CREATE TABLE rule_release (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- SHA-256 of the release's rule files (paths and texts), hex: what the preview showed.
  digest TEXT NOT NULL,
  -- What the release calls itself: the zip's top folder ref (sigma-<ref>/), or the name given.
  name TEXT NOT NULL,
  r2_key TEXT NOT NULL,
  files INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  applied_at INTEGER NOT NULL,
  applied_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);

-- Why a rule row exists when no one wrote it by hand: a rule whose id left the release is kept as a
-- disabled row with its last text and this note, never dropped. A write that gives no note keeps the
-- row's; the note goes with the row.
ALTER TABLE rules ADD COLUMN note TEXT;
