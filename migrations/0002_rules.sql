-- Rules kept in D1, on top of the ones bundled into the Worker from rules/ at build time.
-- A row whose id is also a bundled rule's id overrides that rule (an edit, or enabled = 0 to switch
-- it off); deleting the row brings the bundled rule back.

CREATE TABLE rules (
  -- The Sigma rule's own `id` (of the file's first document), or a simple rule's `simple-<hash>`.
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('sigma', 'simple')),
  text TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  -- The rule's newest entry in rule_versions.
  version INTEGER NOT NULL,
  -- How the row was written: one rule through the API, or a bulk import.
  origin TEXT NOT NULL CHECK (origin IN ('api', 'import')),
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);

-- Every state a rule has been in, the current one included: edits and enable/disable never lose a
-- text. A deleted rule's history stays, and a rule created again with its id continues the numbering.
CREATE TABLE rule_versions (
  rule_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('create', 'update', 'enable', 'disable', 'delete')),
  kind TEXT NOT NULL CHECK (kind IN ('sigma', 'simple')),
  text TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  changed_at INTEGER NOT NULL,
  changed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  -- Two concurrent edits of one rule cannot both take the same version: the second one fails.
  PRIMARY KEY (rule_id, version)
);

-- One row: bumped in the same batch as every rule change, so each Worker isolate knows with one
-- cheap read whether its compiled rule set is stale. The random stamp, not the counter, keys the
-- caches: a restored or emptied table can bring a counter value back, never a stamp.
CREATE TABLE rule_set_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  stamp TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
