/**
 * The floor the Worker is compared with: the same rows written straight into SQLite by Node's own
 * driver, in a database built from the project's migrations, so the table, its indexes and its
 * UNIQUE constraint cost the same as in D1.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { PreparedEvent } from "../worker/model/prepared-event.ts";
import { EVENT_COLUMNS, eventRow } from "../worker/store/event-row.ts";

const MIGRATIONS_DIR = resolve(import.meta.dirname, "../migrations");

const INSERT_EVENT = `INSERT INTO events (${EVENT_COLUMNS.join(", ")}, received_at, batch_id)
VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")}, ?, ?)`;

export interface SqliteBaseline {
  /** Inserts one batch in one transaction and returns how long that took, in ms. */
  insertBatch(batchId: string, receivedAt: number, events: readonly PreparedEvent[]): number;
  count(): number;
  /** The settings that decide what a commit costs, reported next to the numbers they shaped. */
  settings(): { journal_mode: string; synchronous: number; sqlite_version: string };
  close(): Promise<void>;
}

export async function openSqliteBaseline(): Promise<SqliteBaseline> {
  const dir = await mkdtemp(join(tmpdir(), "edgesiem-bench-sqlite-"));
  const db = new DatabaseSync(join(dir, "baseline.sqlite"));
  try {
    const migrations = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith(".sql")).sort();
    if (migrations.length === 0) throw new Error(`no migrations in ${MIGRATIONS_DIR}`);
    for (const name of migrations) db.exec(await readFile(join(MIGRATIONS_DIR, name), "utf8"));
  } catch (error) {
    db.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const insert = db.prepare(INSERT_EVENT);

  return {
    insertBatch(batchId, receivedAt, events) {
      const started = performance.now();
      db.exec("BEGIN");
      try {
        for (const prepared of events) {
          insert.run(...(eventRow(prepared, undefined) as SQLInputValue[]), receivedAt, batchId);
        }
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
      return performance.now() - started;
    },
    count() {
      const row = db.prepare("SELECT count(*) AS n FROM events").get() as { n: number };
      return row.n;
    },
    settings() {
      const journal = db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
      const sync = db.prepare("PRAGMA synchronous").get() as { synchronous: number };
      const version = db.prepare("SELECT sqlite_version() AS v").get() as { v: string };
      return { journal_mode: journal.journal_mode, synchronous: sync.synchronous, sqlite_version: version.v };
    },
    async close() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
