import { applyD1Migrations, createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestRecords } from "../../../worker/ingest/ingest.ts";
import { prepareBatch } from "../../../worker/ingest/prepare.ts";
import { consumeIngestQueue } from "../../../worker/ingest/retry/consumer.ts";
import { buildPartMessages } from "../../../worker/queue/messages.ts";
import {
  type EventShards,
  eventShards,
  listEventsAcross,
  singleDatabaseShards,
} from "../../../worker/store/event-shards.ts";
import { openStore } from "../../../worker/store/handle.ts";
import { ruleSetOf, testSettings } from "../../support/workers/alerts.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Batches received from this time on go to the second shard. */
const BOUNDARY = Date.UTC(2026, 10, 1);

interface Shard {
  db: D1Database;
  /** Received times this shard takes, [from, to). */
  received: [number, number];
  /** Event times it holds, as a catalog would record them: late arrivals reach back before its received span. */
  ts: [number, number];
}

/** Time shards as the README describes them: writes by received time, reads by each shard's event-time span. */
function timeShards(shards: Shard[]): EventShards {
  return {
    forWrite(receivedAt) {
      const shard = shards.find((s) => receivedAt >= s.received[0] && receivedAt < s.received[1]);
      if (!shard) throw new Error(`no shard takes batches received at ${new Date(receivedAt).toISOString()}`);
      return shard.db;
    },
    forRange: async (from, to) => shards.filter((s) => s.ts[0] <= to && s.ts[1] >= from).map((s) => s.db),
  };
}

const octoberShard = (): Shard => ({ db: env.DB, received: [BOUNDARY - 31 * DAY, BOUNDARY], ts: [0, BOUNDARY + HOUR] });
const novemberShard = (): Shard => ({
  db: env.EVENT_SHARD_TEST,
  received: [BOUNDARY, BOUNDARY + 30 * DAY],
  ts: [BOUNDARY - 2 * DAY, BOUNDARY + 30 * DAY],
});

function logon(ts: number, user = "bob") {
  return {
    Channel: "Security",
    EventID: 4624,
    Computer: "WS01.corp.example",
    TimeCreated: new Date(ts).toISOString(),
    TargetUserName: user,
    LogonType: "2",
  };
}

function ingestAt(shards: EventShards, receivedAt: number, batchId: string, records: unknown[]) {
  return ingestRecords(
    openStore(shards.forWrite(receivedAt)),
    env.INGEST_QUEUE,
    { records, batchId, text: JSON.stringify(records), tokenId: null, receivedAt },
    testSettings(ruleSetOf()),
  );
}

async function stored(db: D1Database, batchId: string) {
  const events = await db
    .prepare("SELECT count(*) AS n FROM events WHERE batch_id = ?")
    .bind(batchId)
    .first<{ n: number }>();
  const batch = await db
    .prepare("SELECT count(*) AS n FROM ingest_batches WHERE id = ?")
    .bind(batchId)
    .first<{ n: number }>();
  return { events: events?.n ?? 0, batchRecords: batch?.n ?? 0 };
}

beforeAll(async () => {
  await applyD1Migrations(env.EVENT_SHARD_TEST, env.TEST_MIGRATIONS);
});

// The setup file empties DB before each test; the second shard is emptied here.
beforeEach(async () => {
  const shard = env.EVENT_SHARD_TEST;
  await shard.batch(["events", "ingest_batches", "hosts"].map((table) => shard.prepare(`DELETE FROM ${table}`)));
});

describe("the single-database deployment", () => {
  it("writes every batch to DB and searches every range in DB", async () => {
    const shards = eventShards(env);
    expect(shards.forWrite(0)).toBe(env.DB);
    expect(shards.forWrite(BOUNDARY + 400 * DAY)).toBe(env.DB);
    expect(await shards.forRange(0, Number.MAX_SAFE_INTEGER)).toEqual([env.DB]);
    const single = singleDatabaseShards(env.EVENT_SHARD_TEST);
    expect(await single.forRange(BOUNDARY, BOUNDARY + DAY)).toEqual([env.EVENT_SHARD_TEST]);
  });
});

describe("two time shards", () => {
  it("stores a batch whole in the shard of its received time, even when its events straddle the boundary", async () => {
    const shards = timeShards([octoberShard(), novemberShard()]);
    const records = [logon(BOUNDARY - HOUR), logon(BOUNDARY - 1), logon(BOUNDARY + HOUR)];
    const answer = await ingestAt(shards, BOUNDARY + 2 * HOUR, "straddle-1", records);
    expect(answer).toMatchObject({ status: "stored", accepted: 3 });
    expect(await stored(env.EVENT_SHARD_TEST, "straddle-1")).toEqual({ events: 3, batchRecords: 1 });
    expect(await stored(env.DB, "straddle-1")).toEqual({ events: 0, batchRecords: 0 });
  });

  it("finds a resend in the shard that stored it, so it is stored once", async () => {
    const shards = timeShards([octoberShard(), novemberShard()]);
    const records = [logon(BOUNDARY - 3 * HOUR), logon(BOUNDARY - 2 * HOUR)];
    await ingestAt(shards, BOUNDARY - HOUR, "resend-1", records);
    const resend = await ingestAt(shards, BOUNDARY - HOUR + 5_000, "resend-1", records);
    expect(resend).toMatchObject({ status: "duplicate", accepted: 2 });
    expect(await stored(env.DB, "resend-1")).toEqual({ events: 2, batchRecords: 1 });
    expect(await stored(env.EVENT_SHARD_TEST, "resend-1")).toEqual({ events: 0, batchRecords: 0 });
  });

  it("stores a queued part in the shard of the batch's original received time, not the time it is consumed", async () => {
    const shards = timeShards([octoberShard(), novemberShard()]);
    const receivedAt = BOUNDARY + 10_000;
    const prepared = prepareBatch([logon(BOUNDARY - HOUR), logon(BOUNDARY - HOUR + 1)], receivedAt);
    const [part] = buildPartMessages(
      { batchId: "queued-1", tokenId: null, bodyHash: "h", receivedAt, expected: 2, importId: null },
      [],
      prepared.events,
    );
    if (!part) throw new Error("no part built");
    const batch = createMessageBatch("edgesiem-ingest", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: part.body },
    ]);
    const ctx = createExecutionContext();
    // DB is the control database here; the part's events go where forWrite sends them.
    await consumeIngestQueue(batch, env.DB, testSettings(ruleSetOf()), 0, shards);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
    expect(await stored(env.EVENT_SHARD_TEST, "queued-1")).toEqual({ events: 2, batchRecords: 1 });
    expect(await stored(env.DB, "queued-1")).toEqual({ events: 0, batchRecords: 0 });
  });

  it("searches only the shards whose event-time span meets the range", async () => {
    const october = octoberShard();
    const november = novemberShard();
    const shards = timeShards([october, november]);
    expect(await shards.forRange(BOUNDARY - 20 * DAY, BOUNDARY - 10 * DAY)).toEqual([env.DB]);
    expect(await shards.forRange(BOUNDARY + 2 * DAY, BOUNDARY + 3 * DAY)).toEqual([env.EVENT_SHARD_TEST]);
    expect(await shards.forRange(BOUNDARY - DAY, BOUNDARY + DAY)).toEqual([env.DB, env.EVENT_SHARD_TEST]);
    // November's shard holds late arrivals from the end of October, so a range there reads both.
    expect(await shards.forRange(BOUNDARY - HOUR, BOUNDARY - 1)).toEqual([env.DB, env.EVENT_SHARD_TEST]);
  });

  it("pages events from both shards newest first, as one list", async () => {
    const shards = timeShards([octoberShard(), novemberShard()]);
    await ingestAt(shards, BOUNDARY - HOUR, "oct-1", [
      logon(BOUNDARY - 5 * HOUR, "a"),
      logon(BOUNDARY - 3 * HOUR, "c"),
    ]);
    await ingestAt(shards, BOUNDARY + HOUR, "nov-1", [
      logon(BOUNDARY - 4 * HOUR, "b"),
      logon(BOUNDARY - 2 * HOUR, "d"),
      logon(BOUNDARY + 30 * 60_000, "e"),
    ]);
    const dbs = await shards.forRange(BOUNDARY - DAY, BOUNDARY + DAY);
    const page = await listEventsAcross(dbs.map(openStore), sql`1 = 1`, 4);
    expect(page.map((row) => row.user)).toEqual(["e", "d", "c", "b"]);
    expect(page.map((row) => row.batchId)).toEqual(["nov-1", "nov-1", "oct-1", "nov-1"]);
  });
});
