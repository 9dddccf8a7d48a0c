-- Named lists of IP addresses and CIDR networks ("authorised file servers", "known dropper hosts").
-- Every list is also a Sigma placeholder of the same name (`DestinationIp|expand|cidr: '%deny_ips%'`)
-- and allow lists can be named by exceptions (`@list:<name>`). Entries are a JSON array of strings,
-- written whole: a list is read and changed as one unit, and every change bumps rule_set_version in
-- the same batch so the next ingest batch compiles the rules against it. Times are epoch milliseconds.
CREATE TABLE ip_lists (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('allow', 'deny')),
  description TEXT NOT NULL DEFAULT '',
  entries TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
