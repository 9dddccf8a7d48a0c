-- Rule packs switched on or off by this deployment (worker/rules/packs.ts names them). A pack with
-- no row is in its shipped state (DEFAULT_PACKS), so a release that adds a pack or changes the
-- defaults reaches every deployment that never chose. A rule row (rules) still switches one rule
-- of a pack on or off on its own.
CREATE TABLE rule_packs (
  pack TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  changed_at INTEGER NOT NULL,
  changed_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
