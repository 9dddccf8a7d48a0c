-- A per-account sign-in lock that doubles with each lock after the first (capped), and expires.
ALTER TABLE login_failures ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE login_failures ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
