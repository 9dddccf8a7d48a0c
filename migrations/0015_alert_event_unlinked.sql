-- A correlation alert links the stored events of the window that fired, across batches, but of a
-- flood only the oldest and newest it keeps (worker/detect/correlation/refs.ts): the link of its
-- newest event counts the ones between here, so the alert's count stays every contributing event.
-- Every other link counts only itself. Existing rows and existing correlation state need nothing:
-- a group saved before refs were kept starts its refs empty.
ALTER TABLE alert_events ADD COLUMN unlinked INTEGER NOT NULL DEFAULT 0;
