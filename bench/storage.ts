/**
 * What one D1 database holds: bytes per stored event and SQLite time per 1,000-event write, for the
 * README's "Past one D1 database". Batches go through the real ingest path into a SQLite file behind
 * the Deno host's D1 adapter (deno-host/d1.ts: same schema, same statements), then the file is
 * vacuumed and measured.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SqliteD1 } from "../deno-host/d1.ts";
import { applyMigrations } from "../deno-host/migrations.ts";
import { DEFAULT_DEDUP_WINDOW_SECONDS } from "../worker/alerts/settings.ts";
import { ingestRecords } from "../worker/ingest/ingest.ts";
import { shippedRuleSet } from "../worker/rules/active-rule-set.ts";
import { openStore } from "../worker/store/handle.ts";
import { type BenchConfig, percentile, progress, round } from "./measure.ts";
import { createMixGenerator, type EventMix } from "./mixed-events.ts";

const BATCH_SIZE = 1000;
const D1_MAX_BYTES = 10e9;
const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);
const MIGRATIONS = resolve(import.meta.dirname, "..", "migrations");

async function databaseBytes(d1: D1Database): Promise<number> {
  const row = await d1
    .prepare("SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()")
    .first<{ bytes: number }>();
  return row?.bytes ?? 0;
}

/** The binding with its batch() calls timed: the ingest write is the largest batch of each request. */
function timedBatches(d1: D1Database, times: number[]): D1Database {
  return new Proxy(d1, {
    get(target, property) {
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const started = performance.now();
          const results = await target.batch(statements);
          times.push(performance.now() - started);
          return results;
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function measureMix(mix: EventMix, batches: number, dir: string) {
  const store = new SqliteD1(join(dir, `${mix}.sqlite`), { journalMode: "delete" });
  try {
    await applyMigrations(store, MIGRATIONS);
    const times: number[] = [];
    const d1 = timedBatches(store.binding(), times);
    const ruleSet = await shippedRuleSet();
    const settings = {
      loadRuleSet: async () => ruleSet,
      dedupWindowMs: DEFAULT_DEDUP_WINDOW_SECONDS * 1000,
      notify: async () => {},
    };
    const empty = await databaseBytes(d1);
    const generator = createMixGenerator(mix);
    const writeMs: number[] = [];
    for (let i = 0; i < batches; i++) {
      const records = generator.take(BATCH_SIZE);
      times.length = 0;
      const answer = await ingestRecords(
        openStore(d1),
        null as unknown as Queue<unknown>,
        {
          records,
          batchId: `storage-${mix}-${i}`,
          text: JSON.stringify(records),
          tokenId: null,
          receivedAt: RECEIVED_AT + i,
        },
        settings,
      );
      if (answer.status !== "stored" || answer.accepted !== BATCH_SIZE) {
        throw new Error(`batch ${answer.batch_id}: ${answer.status}, ${answer.accepted} accepted`);
      }
      writeMs.push(Math.max(...times));
    }
    await d1.exec("VACUUM");
    const bytesPerEvent = ((await databaseBytes(d1)) - empty) / (batches * BATCH_SIZE);
    return {
      bytes_per_event: round(bytesPerEvent),
      events_per_10_gb: round(D1_MAX_BYTES / bytesPerEvent, -5),
      write_ms_per_1000: { p50: round(percentile(writeMs, 50), 1), p95: round(percentile(writeMs, 95), 1) },
    };
  } finally {
    store.close();
  }
}

const NOTES =
  "bytes_per_event = growth of the vacuumed SQLite file per stored event (columns, raw JSON, the event indexes, " +
  "batch, host and alert rows), after storing the batches through ingestRecords with the shipped rules. " +
  "write_ms_per_1000 = wall time of the batch's write statements in SQLite (node:sqlite via deno-host/d1.ts) " +
  "on this machine: a local stand-in for D1's single writer, without D1's network hop.";

export async function storageBench(config: BenchConfig) {
  const dir = await mkdtemp(join(tmpdir(), "edgesiem-storage-"));
  try {
    const result: Record<string, unknown> = { bench: "storage", batch_size: BATCH_SIZE, batches: config.batches };
    for (const mix of ["benign", "attack"] as const) {
      progress(`storage: ${config.batches} batches of ${BATCH_SIZE} (${mix})`);
      result[mix] = await measureMix(mix, config.batches, dir);
    }
    return { ...result, notes: NOTES };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
