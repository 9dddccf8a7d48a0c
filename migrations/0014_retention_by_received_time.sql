-- Retention counts from when an event was received, not from its own time (worker/archive): a 2019
-- log imported today stays in D1 for the whole window. Retention reads and deletes a received day
-- at a time through this index.
CREATE INDEX events_received ON events(received_at);

-- A day restored before this change was held by the events' own day; retention now skips held
-- received days, so the days those restored events were received on are held as long.
INSERT INTO archive_holds (day, hold_until, restored_by, restored_at)
SELECT DISTINCT strftime('%Y-%m-%d', e.received_at / 1000, 'unixepoch'), h.hold_until, h.restored_by, h.restored_at
FROM archive_holds h
JOIN events e ON e.ts >= unixepoch(h.day) * 1000 AND e.ts < (unixepoch(h.day) + 86400) * 1000
WHERE true
ON CONFLICT (day) DO UPDATE SET hold_until = max(archive_holds.hold_until, excluded.hold_until);
