/**
 * The archive and storage API: listing archived days and parts, restoring a day (identical rows,
 * idempotent, no alerts re-fired, held from retention until its hold ends), and the store's size.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { encodePart } from "../../worker/archive/format.ts";
import { createApp } from "../../worker/http/app.ts";
import { DAY_MS } from "../../worker/store/epoch-day.ts";
import { processStart } from "../support/workers/alert-events.ts";
import {
  ingestWith,
  ruleSetOf,
  storedAlerts,
  testSettings,
  userWithRole,
  WHOAMI_RULE,
} from "../support/workers/alerts.ts";
import { call, login } from "../support/workers/api.ts";
import {
  archiveKeys,
  clearArchive,
  dayName,
  dayStart,
  eventRows,
  runCron,
  seedEvents,
} from "../support/workers/retention.ts";

const NOW = Date.now();
const OLD = dayStart(40, NOW) + 8 * 3_600_000;
const OLD_DAY = dayName(OLD);
/** When the old day's ingested batch arrived: ten minutes after its first event. */
const OLD_RECEIVED = OLD + 10 * 60_000;
const RECENT = dayStart(2, NOW) + 8 * 3_600_000;

interface RestoreAnswer {
  day: string;
  parts: number;
  restored_parts: string[];
  events: number;
  inserted: number;
  already_present: number;
  next: string | null;
  held_until: string;
}

let admin: string;

beforeEach(async () => {
  await clearArchive();
  admin = await login();
});

const oldDayRows = () => eventRows(dayStart(40, NOW), dayStart(39, NOW));

function restore(day: string, json?: Record<string, unknown>) {
  return call<RestoreAnswer>(`/api/v1/archives/${day}/restore`, {
    method: "POST",
    token: admin,
    ...(json ? { json } : {}),
  });
}

/** An old day with an alert-linked event, archived and deleted by the cron; its rows before that. */
async function archivedOldDay() {
  await ingestWith(
    testSettings(ruleSetOf(WHOAMI_RULE)),
    [
      processStart({ at: OLD, host: "WS01" }),
      processStart({ at: OLD + 60_000, host: "WS01", image: "C:\\Windows\\System32\\notepad.exe" }),
    ],
    null,
    undefined,
    OLD_RECEIVED,
  );
  await seedEvents(OLD + 3_600_000, 12, "seeded");
  await seedEvents(RECENT, 2, "recent");
  const before = await oldDayRows();
  await runCron(NOW, { RETENTION_PART_ROWS: "5" });
  return before;
}

describe("archives API", () => {
  it("lists the archived days and a day's parts with their rows and id ranges", async () => {
    const before = await archivedOldDay();

    const days = await call<{ days: { day: string; held_until: string | null }[] }>("/api/v1/archives", {
      token: admin,
    });
    expect(days.status).toBe(200);
    expect(days.body.days).toEqual([{ day: OLD_DAY, held_until: null }]);

    const detail = await call<{
      parts: { key: string; day_of: string; rows: number; first_id: number; last_id: number }[];
    }>(`/api/v1/archives/${OLD_DAY}`, { token: admin });
    expect(detail.status).toBe(200);
    expect(detail.body.parts.map((part) => [part.day_of, part.rows])).toEqual([
      ["received", 5],
      ["received", 5],
      ["received", 4],
    ]);
    expect(detail.body.parts[0]?.first_id).toBe(before[0]?.id);
    expect(detail.body.parts.at(-1)?.last_id).toBe(before.at(-1)?.id);
  });

  it("restores a day's events exactly as they were, repeatably, without raising alerts again", async () => {
    const before = await archivedOldDay();
    const alertsBefore = await storedAlerts();
    expect(await oldDayRows()).toHaveLength(1);

    const first = await restore(OLD_DAY);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      day: OLD_DAY,
      parts: 3,
      events: 14,
      inserted: 13,
      already_present: 1,
      next: null,
    });
    expect(await oldDayRows()).toEqual(before);
    expect(await storedAlerts()).toEqual(alertsBefore);

    const again = await restore(OLD_DAY);
    expect(again.body).toMatchObject({ events: 14, inserted: 0, already_present: 14 });
    expect(await oldDayRows()).toEqual(before);

    const audited = await env.DB.prepare(
      "SELECT actor_name, target_id, detail FROM audit_log WHERE action = 'archive.restore' ORDER BY id",
    ).all<{ actor_name: string; target_id: string; detail: string }>();
    expect(audited.results.map((row) => [row.actor_name, row.target_id, JSON.parse(row.detail).inserted])).toEqual([
      ["admin", OLD_DAY, 13],
      ["admin", OLD_DAY, 0],
    ]);
  });

  it("holds a restored day from retention until the hold ends, then deletes it again without a new part", async () => {
    const before = await archivedOldDay();
    const keys = await archiveKeys();

    const answer = await restore(OLD_DAY, { keep_days: 3 });
    const heldUntil = Date.parse(answer.body.held_until);
    expect(heldUntil).toBeGreaterThanOrEqual(NOW + 3 * DAY_MS);

    await runCron(NOW + DAY_MS);
    expect(await oldDayRows()).toEqual(before);
    // The run a day on swept the admin's session as expired: sign in again.
    admin = await login();
    const listed = await call<{ days: { day: string; held_until: string | null }[] }>("/api/v1/archives", {
      token: admin,
    });
    expect(listed.body.days).toEqual([{ day: OLD_DAY, held_until: answer.body.held_until }]);

    await runCron(heldUntil + 1);
    expect((await oldDayRows()).map((row) => row.process)).toEqual(["C:\\Windows\\System32\\whoami.exe"]);
    expect(await archiveKeys()).toEqual(keys);
  });

  it("restores a large day over several requests, each continuing after the last", async () => {
    await seedEvents(OLD, 23, "large");
    await seedEvents(RECENT, 1, "recent");
    const before = await oldDayRows();
    await runCron(NOW, { RETENTION_PART_ROWS: "2" });
    expect(await archiveKeys()).toHaveLength(12);

    const first = await restore(OLD_DAY);
    expect(first.body.restored_parts).toHaveLength(10);
    expect(first.body.next).toBe(first.body.restored_parts.at(-1));
    const rest = await restore(OLD_DAY, { after: first.body.next });
    expect(rest.body.restored_parts).toHaveLength(2);
    expect(rest.body.next).toBeNull();
    expect(await oldDayRows()).toEqual(before);
  });

  it("restores an archive keyed by the events' own day and holds the days they were received on", async () => {
    // As retention wrote it before counting from arrival: the day's events, received the day after.
    const receivedNextDay = OLD + DAY_MS;
    await seedEvents(OLD, 4, "legacy", { receivedAt: receivedNextDay });
    await seedEvents(RECENT, 1, "recent");
    const before = await oldDayRows();
    const [first, last] = [before[0]?.id ?? 0, before.at(-1)?.id ?? 0];
    const pad = (id: number) => String(id).padStart(16, "0");
    await env.ARCHIVE.put(`events/${OLD_DAY}/ids-${pad(first)}-${pad(last)}.ndjson.gz`, await encodePart(before));
    await env.DB.prepare("DELETE FROM events WHERE batch_id = 'legacy'").run();

    const detail = await call<{ parts: { day_of: string }[] }>(`/api/v1/archives/${OLD_DAY}`, { token: admin });
    expect(detail.body.parts.map((part) => part.day_of)).toEqual(["event"]);
    const answer = await restore(OLD_DAY, { keep_days: 3 });
    expect(answer.body).toMatchObject({ events: 4, inserted: 4, next: null });
    expect(await oldDayRows()).toEqual(before);

    await runCron(NOW + DAY_MS);
    expect(await oldDayRows()).toEqual(before);

    // Once the hold ends they go the way of their received day, into its archive.
    await runCron(Date.parse(answer.body.held_until) + 1);
    expect(await oldDayRows()).toEqual([]);
    expect(
      (await archiveKeys()).filter((key) => key.startsWith(`events/${dayName(receivedNextDay)}/received-ids-`)),
    ).toHaveLength(1);
  });

  it("answers 404 for a day without an archive and 400 for a malformed day or option", async () => {
    expect((await restore(OLD_DAY)).status).toBe(404);
    expect((await call(`/api/v1/archives/${OLD_DAY}`, { token: admin })).status).toBe(404);
    expect((await restore("2026-13-01")).status).toBe(400);
    expect((await restore("yesterday")).status).toBe(400);
    await archivedOldDay();
    expect((await restore(OLD_DAY, { keep_days: 0 })).status).toBe(400);
    expect((await restore(OLD_DAY, { after: "events/1999-01-01/x" })).status).toBe(400);
  });

  it("is for admins only", async () => {
    const analyst = await userWithRole(admin, "ana", "analyst");
    expect((await call("/api/v1/archives", { token: analyst })).status).toBe(403);
    expect((await call(`/api/v1/archives/${OLD_DAY}/restore`, { method: "POST", token: analyst })).status).toBe(403);
    expect((await call("/api/v1/storage", { token: analyst })).status).toBe(403);
    expect((await call("/api/v1/storage")).status).toBe(401);
  });
});

interface StorageAnswer {
  database: { size_bytes: number | null; limit_bytes: number; used_ratio: number | null; level: string };
  events: { count: number; oldest: string | null; newest: string | null };
  retention: { days: number; cutoff: string; part_rows: number; run_rows: number };
  archive: { days: number; first_day: string | null; last_day: string | null; held: { day: string; until: string }[] };
}

describe("storage API", () => {
  it("reports the database's size against D1's limit, the events, retention and archived days", async () => {
    await archivedOldDay();

    const answer = await call<StorageAnswer>("/api/v1/storage", { token: admin });
    expect(answer.status).toBe(200);
    const { database, events, retention, archive } = answer.body;
    expect(database.limit_bytes).toBe(10e9);
    expect(database.size_bytes).toBeGreaterThan(0);
    expect(database.used_ratio).toBeCloseTo((database.size_bytes ?? 0) / 10e9, 12);
    expect(database.level).toBe("ok");
    expect(events.count).toBe(3);
    expect(events.oldest).toBe(new Date(OLD).toISOString());
    expect(retention).toMatchObject({ days: 30, part_rows: 1000, run_rows: 10000 });
    expect(retention.cutoff).toBe(new Date(dayStart(30, Date.now())).toISOString());
    expect(archive).toEqual({ days: 1, first_day: OLD_DAY, last_day: OLD_DAY, held: [] });
  });

  it("warns from 80% of the limit set by D1_LIMIT_GB", async () => {
    const app = createApp();
    const storageWith = async (limitGb: number) => {
      const response = await app.request(
        "/api/v1/storage",
        { headers: { authorization: `Bearer ${admin}` } },
        { ...env, D1_LIMIT_GB: String(limitGb) },
      );
      return (await response.json()) as StorageAnswer;
    };
    const size = (await storageWith(10)).database.size_bytes ?? 0;
    expect(size).toBeGreaterThan(0);

    const nearlyFull = await storageWith(size / 0.85 / 1e9);
    expect(nearlyFull.database.level).toBe("warning");
    expect(nearlyFull.database.used_ratio).toBeCloseTo(0.85, 2);
    expect((await storageWith(size / 0.7 / 1e9)).database.level).toBe("ok");
  });
});
