/**
 * The cron trigger's retention against the real local D1 and R2: a day of received time past
 * retention is archived to R2, then deleted, whatever the events' own dates; alert-linked events and
 * alerts stay; each run is bounded; a run stopped at any point loses nothing and its re-run writes
 * nothing twice.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { encodePart } from "../../worker/archive/format.ts";
import { DAY_MS } from "../../worker/store/epoch-day.ts";
import { openStore } from "../../worker/store/handle.ts";
import { activeHolds, RETENTION_SQL } from "../../worker/store/retention.ts";
import { processStart } from "../support/workers/alert-events.ts";
import { ingestWith, ruleSetOf, storedAlerts, testSettings, WHOAMI_RULE } from "../support/workers/alerts.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";
import {
  archivedRows,
  archiveKeys,
  clearArchive,
  dayName,
  dayStart,
  eventRows,
  runCron,
  seedEvents,
} from "../support/workers/retention.ts";

const NOW = Date.now();
/** 40 days ago, 08:00 UTC: past the default 30 days of retention. */
const OLD = dayStart(40, NOW) + 8 * 3_600_000;
const OLD_DAY = dayName(OLD);
/** When the old day's ingested batch arrived: ten minutes after its first event. */
const OLD_RECEIVED = OLD + 10 * 60_000;
const RECENT = dayStart(2, NOW) + 8 * 3_600_000;
const SMALL_BUDGET = { RETENTION_PART_ROWS: "10", RETENTION_RUN_ROWS: "20" };
/** An event's own time years before anything here was received: a log file imported late. */
const IN_2019 = Date.parse("2019-03-04T10:00:00Z");

beforeEach(clearArchive);

/** The old day's events in D1 right now. */
const oldDayRows = () => eventRows(dayStart(40, NOW), dayStart(39, NOW));

/** A D1 whose statements matching `sql` fail when run: a Worker stopped at that point. */
function failingOn(match: string): D1Database {
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!sql.includes(match)) return statement;
          return new Proxy(statement, {
            get(inner, name) {
              if (name === "bind") return (...values: unknown[]) => failingOnRun(inner.bind(...values));
              const value = Reflect.get(inner, name);
              return typeof value === "function" ? value.bind(inner) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function failingOnRun(statement: D1PreparedStatement): D1PreparedStatement {
  return new Proxy(statement, {
    get(inner, name) {
      if (name === "run") {
        return async () => {
          throw new Error("D1_ERROR: injected failure");
        };
      }
      const value = Reflect.get(inner, name);
      return typeof value === "function" ? value.bind(inner) : value;
    },
  });
}

/** An R2 bucket whose put fails; with `after: true` the object is stored first (the answer is lost). */
function failingPuts(options: { after: boolean }): R2Bucket {
  return new Proxy(env.ARCHIVE, {
    get(target, property) {
      if (property === "put") {
        return async (...args: Parameters<R2Bucket["put"]>) => {
          if (options.after) await target.put(...args);
          throw new Error("R2 put failed: injected failure");
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("retention cron", () => {
  it("archives a day past retention to R2, then deletes it, keeping alert-linked events and the alerts", async () => {
    const settings = testSettings(ruleSetOf(WHOAMI_RULE));
    await ingestWith(
      settings,
      [
        processStart({ at: OLD, host: "WS01" }),
        processStart({ at: OLD + 60_000, host: "WS01", image: "C:\\Windows\\System32\\notepad.exe" }),
        processStart({ at: OLD + 120_000, host: "WS02", image: "C:\\Windows\\System32\\calc.exe" }),
      ],
      null,
      undefined,
      OLD_RECEIVED,
    );
    await seedEvents(RECENT, 3, "recent");
    const before = await oldDayRows();
    const alertsBefore = await storedAlerts();
    expect(before).toHaveLength(3);
    expect(alertsBefore).toHaveLength(1);

    await runCron(NOW);

    const keys = await archiveKeys();
    expect(keys).toEqual([
      `events/${OLD_DAY}/received-ids-${String(before[0]?.id).padStart(16, "0")}-${String(before[2]?.id).padStart(16, "0")}.ndjson.gz`,
    ]);
    // The archive holds the whole day, every column as it was, the alert-linked event included.
    expect(await archivedRows()).toEqual(before);
    const head = await env.ARCHIVE.head(keys[0] ?? "");
    expect(head?.customMetadata).toMatchObject({
      rows: "3",
      day: OLD_DAY,
      day_of: "received",
      format: "edgesiem.events.v1",
    });
    // Only the whoami event, which the alert points at, stays; the alert and its link are untouched.
    const left = await oldDayRows();
    expect(left.map((row) => row.process)).toEqual(["C:\\Windows\\System32\\whoami.exe"]);
    expect(await storedAlerts()).toEqual(alertsBefore);
    expect(await eventRows(dayStart(2, NOW), dayStart(1, NOW))).toHaveLength(3);
  });

  it("keeps every day within the retention window", async () => {
    await seedEvents(dayStart(30, NOW), 5, "edge");
    await seedEvents(dayStart(31, NOW) + 23 * 3_600_000, 5, "past");
    await seedEvents(RECENT, 1, "newest");

    await runCron(NOW);

    expect((await eventRows(dayStart(30, NOW), dayStart(29, NOW))).length).toBe(5);
    expect(await eventRows(dayStart(31, NOW), dayStart(30, NOW))).toEqual([]);
    expect((await archiveKeys()).every((key) => key.startsWith(`events/${dayName(dayStart(31, NOW))}/`))).toBe(true);
  });

  it("honours RETENTION_DAYS", async () => {
    await seedEvents(dayStart(10, NOW), 4, "ten-days");
    await seedEvents(RECENT, 1, "newest");

    await runCron(NOW);
    expect(await eventRows(dayStart(10, NOW), dayStart(9, NOW))).toHaveLength(4);

    await runCron(NOW, { RETENTION_DAYS: "7" });
    expect(await eventRows(dayStart(10, NOW), dayStart(9, NOW))).toEqual([]);
    expect(await archivedRows()).toHaveLength(4);
  });

  it("does a bounded share per run and the next run finishes the backlog", async () => {
    await seedEvents(OLD, 25, "backlog");
    await seedEvents(RECENT, 1, "newest");
    const before = await oldDayRows();

    await runCron(NOW, SMALL_BUDGET);
    const firstKeys = await archiveKeys();
    expect(firstKeys).toHaveLength(2);
    expect(await oldDayRows()).toEqual(before.slice(20));

    await runCron(NOW, SMALL_BUDGET);
    expect(await oldDayRows()).toEqual([]);
    const keys = await archiveKeys();
    expect(keys).toHaveLength(3);
    expect(keys.slice(0, 2)).toEqual(firstKeys);
    expect(await archivedRows()).toEqual(before);

    // Nothing left to do: a further run writes and deletes nothing.
    await runCron(NOW, SMALL_BUDGET);
    expect(await archiveKeys()).toEqual(keys);
  });

  it("works through several old days, oldest first, within one run's budget", async () => {
    await seedEvents(dayStart(45, NOW), 4, "d45");
    await seedEvents(dayStart(44, NOW), 4, "d44");
    await seedEvents(dayStart(43, NOW), 4, "d43");
    await seedEvents(RECENT, 1, "newest");

    await runCron(NOW, { RETENTION_PART_ROWS: "3", RETENTION_RUN_ROWS: "6" });
    expect((await archiveKeys()).map((key) => key.split("/")[1])).toEqual([
      dayName(dayStart(45, NOW)),
      dayName(dayStart(45, NOW)),
      dayName(dayStart(44, NOW)),
    ]);
    await runCron(NOW, { RETENTION_PART_ROWS: "3", RETENTION_RUN_ROWS: "6" });
    await runCron(NOW, { RETENTION_PART_ROWS: "3", RETENTION_RUN_ROWS: "6" });
    expect(await eventRows(0, dayStart(40, NOW))).toEqual([]);
    expect(await archivedRows()).toHaveLength(12);
  });

  it("never deletes the newest event, so ids are never reused", async () => {
    await seedEvents(OLD, 3, "only");
    const [, , newest] = await oldDayRows();

    await runCron(NOW);
    expect(await oldDayRows()).toEqual([newest]);
    expect(await archivedRows()).toHaveLength(3);

    // Once a newer event exists, the held-back one goes, without being archived again.
    await seedEvents(RECENT, 1, "newer");
    await runCron(NOW);
    expect(await oldDayRows()).toEqual([]);
    expect(await archivedRows()).toHaveLength(3);
  });

  it("a run stopped between writing a part and deleting its rows loses nothing, and the next deletes them without a second copy", async () => {
    await seedEvents(OLD, 15, "interrupted");
    await seedEvents(RECENT, 1, "newest");
    const before = await oldDayRows();

    await expect(runCron(NOW, { ...SMALL_BUDGET, DB: failingOn("json_each(?1)) AND id <") })).rejects.toThrow(
      "injected failure",
    );
    expect(await archiveKeys()).toHaveLength(1);
    expect(await oldDayRows()).toEqual(before);

    await runCron(NOW, SMALL_BUDGET);
    expect(await oldDayRows()).toEqual([]);
    expect(await archiveKeys()).toHaveLength(2);
    expect(await archivedRows()).toEqual(before);
  });

  it("a failed put deletes nothing, and the next run writes the part once", async () => {
    await seedEvents(OLD, 5, "put-fails");
    await seedEvents(RECENT, 1, "newest");
    const before = await oldDayRows();

    await expect(runCron(NOW, { ARCHIVE: failingPuts({ after: false }) })).rejects.toThrow("injected failure");
    expect(await archiveKeys()).toEqual([]);
    expect(await oldDayRows()).toEqual(before);

    await runCron(NOW);
    expect(await archivedRows()).toEqual(before);
    expect(await oldDayRows()).toEqual([]);
  });

  it("a put that stored the object but lost its answer is not written twice", async () => {
    await seedEvents(OLD, 5, "answer-lost");
    await seedEvents(RECENT, 1, "newest");
    const before = await oldDayRows();

    await expect(runCron(NOW, { ARCHIVE: failingPuts({ after: true }) })).rejects.toThrow("injected failure");
    const keys = await archiveKeys();
    expect(keys).toHaveLength(1);
    expect(await oldDayRows()).toEqual(before);

    await runCron(NOW);
    expect(await archiveKeys()).toEqual(keys);
    expect(await archivedRows()).toEqual(before);
    expect(await oldDayRows()).toEqual([]);
  });

  it("an event stored after its received day was archived goes into a new part of that day", async () => {
    await seedEvents(OLD, 3, "first");
    await seedEvents(RECENT, 1, "newest");
    await runCron(NOW);
    await seedEvents(OLD + 3_600_000, 2, "late");
    await seedEvents(RECENT, 1, "newest-2");

    await runCron(NOW);
    const keys = await archiveKeys();
    expect(keys).toHaveLength(2);
    expect(keys.every((key) => key.startsWith(`events/${OLD_DAY}/`))).toBe(true);
    expect((await archivedRows()).map((row) => row.batch_id)).toEqual(["first", "first", "first", "late", "late"]);
    expect(await oldDayRows()).toEqual([]);
  });

  it("fails the run with a clear message when a retention variable is not a number", async () => {
    await expect(runCron(NOW, { RETENTION_DAYS: "thirty" })).rejects.toThrow(
      'RETENTION_DAYS must be a whole number from 1 to 36500, not "thirty"',
    );
  });
});

describe("retention by received time", () => {
  it("keeps an event dated 2019 received today, and a search over 2019 finds it", async () => {
    const admin = await login();
    const importer = await agentToken(admin, "importer");
    const record = {
      Channel: "Security",
      EventID: 4624,
      Computer: "DC2019",
      TimeCreated: new Date(IN_2019).toISOString(),
      TargetUserName: "alice",
      LogonType: "3",
    };
    expect((await ingest(importer.token, JSON.stringify([record]))).body.accepted).toBe(1);

    await runCron(NOW);

    expect(await archiveKeys()).toEqual([]);
    const found = await call<{ events: { host: string; "@timestamp": string }[] }>(
      `/api/v1/events?from=${Date.parse("2019-01-01T00:00:00Z")}&to=${Date.parse("2020-01-01T00:00:00Z")}&q=${encodeURIComponent("host: DC2019")}`,
      { token: admin },
    );
    expect(found.status).toBe(200);
    expect(found.body.events.map((event) => [event.host, event["@timestamp"]])).toEqual([
      ["DC2019", new Date(IN_2019).toISOString()],
    ]);
  });

  it("archives and deletes what was received past the window, whatever the events' own dates", async () => {
    await seedEvents(IN_2019, 2, "imported-2019", { receivedAt: OLD });
    await seedEvents(RECENT, 1, "clock-ahead", { receivedAt: OLD + 60_000 });
    await seedEvents(dayStart(45, NOW), 1, "received-recently", { receivedAt: RECENT });
    await seedEvents(RECENT, 1, "newest");
    const receivedOld = (await eventRows()).filter(
      (row) => row.batch_id !== "received-recently" && row.batch_id !== "newest",
    );

    await runCron(NOW);

    const keys = await archiveKeys();
    expect(keys.map((key) => key.split("/").slice(0, 2).join("/"))).toEqual([`events/${OLD_DAY}`]);
    expect(await archivedRows()).toEqual(receivedOld);
    expect((await eventRows()).map((row) => row.batch_id)).toEqual(["received-recently", "newest"]);
  });

  it("does not take an archive keyed by the events' own day for how far a received day is archived", async () => {
    await seedEvents(OLD, 3, "not-archived-yet");
    await seedEvents(RECENT, 1, "newest");
    const pending = await oldDayRows();
    // An archive of the same day written when retention went by the events' own time, naming ids
    // beyond those of the events above: only an archive of received days says which are archived.
    const legacyRow = { ...(pending[0] as (typeof pending)[number]), id: 1_000_000, batch_id: "legacy" };
    await env.ARCHIVE.put(
      `events/${OLD_DAY}/ids-0000000001000000-0000000001000000.ndjson.gz`,
      await encodePart([legacyRow]),
    );

    await runCron(NOW);

    expect(await oldDayRows()).toEqual([]);
    expect((await archivedRows()).map((row) => row.batch_id)).toEqual([
      "legacy",
      ...pending.map(() => "not-archived-yet"),
    ]);
  });

  it("migrating holds a day restored before the change by the days its events were received on", async () => {
    const heldUntil = NOW + 5 * DAY_MS;
    await env.DB.prepare(
      "INSERT INTO archive_holds (day, hold_until, restored_by, restored_at) VALUES (?1, ?2, 'admin', ?3)",
    )
      .bind(OLD_DAY, heldUntil, NOW)
      .run();
    await seedEvents(OLD, 2, "received-next-day", { receivedAt: OLD + DAY_MS });
    await seedEvents(RECENT, 1, "newest");
    const migration = env.TEST_MIGRATIONS.find((entry) => entry.name.includes("_retention_by_received_time"));
    const carryHolds = migration?.queries.find((query) => query.includes("INSERT INTO archive_holds"));
    expect(carryHolds).toBeDefined();
    await env.DB.prepare(carryHolds ?? "").run();

    expect((await activeHolds(openStore(env.DB), NOW)).map((hold) => [hold.day, hold.holdUntil])).toEqual([
      [OLD_DAY, heldUntil],
      [dayName(OLD + DAY_MS), heldUntil],
    ]);
    await runCron(NOW);
    expect(await oldDayRows()).toHaveLength(2);
  });
});

describe("retention statements", () => {
  it("read a received day through the events_received index, never the whole table", async () => {
    const range = [dayStart(40, NOW), dayStart(39, NOW)];
    const plans = [
      [RETENTION_SQL.OLDEST_DELETABLE, [range[0], range[1]]],
      [RETENTION_SQL.ARCHIVE_CHUNK, [range[0], range[1], 0, 10]],
      [RETENTION_SQL.DELETE_ARCHIVED_BELOW, [range[0], range[1], 100, 10]],
    ] as const;
    for (const [sql, values] of plans) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...values)
        .all<{ detail: string }>();
      const details = results.map((row) => row.detail);
      expect(details.some((detail) => /events USING (COVERING )?INDEX events_received/.test(detail))).toBe(true);
      expect(details.filter((detail) => /^SCAN events\b(?! USING)/.test(detail))).toEqual([]);
    }
  });
});

describe("housekeeping sweeps", () => {
  it("remove expired sessions, passed login-failure windows and expired correlation state", async () => {
    const user = await env.DB.prepare("SELECT id FROM users LIMIT 1").first<{ id: number }>();
    const userId =
      user?.id ??
      (
        await env.DB.prepare(
          "INSERT INTO users (username, password_hash, password_salt, password_iterations, role, enabled, created_at, updated_at) VALUES ('sweep', 'x', 'x', 1, 'viewer', 1, 0, 0) RETURNING id",
        ).first<{ id: number }>()
      )?.id;
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ('old', ?1, 0, ?2), ('live', ?1, 0, ?3)",
      ).bind(userId, NOW - 1000, NOW + DAY_MS),
      env.DB.prepare(
        "INSERT INTO login_failures (key, window_start, failures) VALUES ('old', ?1, 3), ('live', ?2, 2)",
      ).bind(NOW - DAY_MS, NOW - 60_000),
      env.DB.prepare(
        "INSERT INTO correlation_state (rule_id, group_key, state, expires_at, updated_at) VALUES ('r', 'old', '{}', ?1, 0), ('r', 'live', '{}', ?2, 0)",
      ).bind(NOW - 1000, NOW + 60_000),
    ]);

    await runCron(NOW);

    const keys = async (table: string, column: string) =>
      (await env.DB.prepare(`SELECT ${column} AS k FROM ${table} ORDER BY 1`).all<{ k: string }>()).results.map(
        (row) => row.k,
      );
    expect(await keys("sessions", "id")).toEqual(["live"]);
    expect(await keys("login_failures", "key")).toEqual(["live"]);
    expect(await keys("correlation_state", "group_key")).toEqual(["live"]);
  });

  it("keep an account's sign-in back-off while its lock, or the quiet window after it, lasts", async () => {
    await env.DB.prepare(
      "INSERT INTO login_failures (key, window_start, failures, locked_until, lockouts) VALUES ('locked', ?1, 19, ?2, 3), ('just-unlocked', ?1, 19, ?3, 3), ('long-unlocked', ?1, 19, ?4, 3)",
    )
      .bind(NOW - DAY_MS, NOW + 60_000, NOW - 60_000, NOW - DAY_MS)
      .run();

    await runCron(NOW);

    const keys = (await env.DB.prepare("SELECT key FROM login_failures ORDER BY 1").all<{ key: string }>()).results;
    expect(keys.map((row) => row.key)).toEqual(["just-unlocked", "locked"]);
  });
});
