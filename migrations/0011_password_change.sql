-- An account whose password an admin reset, or whose first-start password was too weak, must
-- choose a new one before it can use anything but the change-password endpoint.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
