/**
 * A D1Database over one SQLite file (node:sqlite, in Deno 2.9+ and Node 22.13+), with D1's
 * result shapes, binding rules, limits and error messages, so drizzle-orm's d1 driver and
 * worker/store run on it unchanged.
 *
 * node:sqlite is synchronous: every statement, and every batch as one transaction, runs to its end
 * before another request's code can run, which is the isolation D1 gives a batch too.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type {
  D1Database,
  D1DatabaseSession,
  D1ExecResult,
  D1Meta,
  D1PreparedStatement,
  D1Result,
} from "@cloudflare/workers-types/index.ts";

/** D1's limits (developers.cloudflare.com/d1/platform/limits): the Worker is written to them. */
export const D1_MAX_BOUND_PARAMETERS = 100;
export const D1_MAX_STATEMENT_BYTES = 100_000;

const STATEMENT_CACHE_SIZE = 200;
/** How long a write waits for another process's lock on the file before failing like D1 would. */
const BUSY_TIMEOUT_MS = 1_000;

type Row = Record<string, unknown>;
type Bound = SQLInputValue;

interface Executed {
  columns: string[];
  rows: unknown[][];
  meta: D1Meta & Record<string, unknown>;
}

export interface SqliteD1Options {
  /** WAL (the default) lets readers and the one writer run side by side, as a server needs. */
  journalMode?: "wal" | "delete";
}

export class SqliteD1 {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();
  readonly #counters: StatementSync;
  readonly #size: StatementSync;
  #totalChanges = 0;

  constructor(path: string, options: SqliteD1Options = {}) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.#db.exec(`PRAGMA journal_mode = ${options.journalMode ?? "wal"}`);
    // D1 enforces foreign keys; SQLite only when asked.
    this.#db.exec("PRAGMA foreign_keys = ON");
    this.#counters = this.#db.prepare("SELECT total_changes(), changes(), last_insert_rowid()");
    this.#counters.setReturnArrays(true);
    this.#size = this.#db.prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    this.#size.setReturnArrays(true);
    this.#totalChanges = Number(this.#readCounters()[0]);
  }

  /** The D1Database binding the Worker sees. */
  binding(): D1Database {
    const database = {
      prepare: (sql: string) => this.#statement(sql, []),
      batch: async <T>(statements: D1PreparedStatement[]) => this.#batch<T>(statements),
      exec: async (sql: string) => this.#exec(sql),
      withSession: () => this.#session(),
      dump: async () => {
        throw new Error("D1_DUMP_ERROR: dump() is not supported by D1 any more; copy the SQLite file instead");
      },
    };
    return database as unknown as D1Database;
  }

  close(): void {
    this.#db.close();
  }

  /** Runs SQL without D1's per-line splitting (migrations hold multi-line statements). */
  execScript(sql: string): void {
    this.#db.exec(sql);
    this.#totalChanges = Number(this.#readCounters()[0]);
  }

  #session(): D1DatabaseSession {
    const session = {
      prepare: (sql: string) => this.#statement(sql, []),
      batch: async <T>(statements: D1PreparedStatement[]) => this.#batch<T>(statements),
      // One local file is always the primary: there is no replica to be behind.
      getBookmark: () => null,
    };
    return session as unknown as D1DatabaseSession;
  }

  #statement(sql: string, params: Bound[]): D1PreparedStatement {
    const statement = {
      sql,
      params,
      bind: (...values: unknown[]) => this.#statement(sql, values.map(toBound)),
      first: async (column?: string) => this.#first(sql, params, column),
      all: async () => toResult(this.#run(sql, params)),
      run: async () => toResult(this.#run(sql, params)),
      raw: async (options?: { columnNames?: boolean }) => {
        const { columns, rows } = this.#run(sql, params);
        return options?.columnNames ? [columns, ...rows] : rows;
      },
    };
    statementParts.set(statement, { sql, params });
    return statement as unknown as D1PreparedStatement;
  }

  async #first(sql: string, params: Bound[], column?: string): Promise<unknown> {
    const row = toResult(this.#run(sql, params)).results[0];
    if (row === undefined) return null;
    if (column === undefined) return row;
    if (row[column] === undefined) {
      throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`, { cause: new Error("Column not found") });
    }
    return row[column];
  }

  #batch<T>(statements: D1PreparedStatement[]): D1Result<T>[] {
    const parts = statements.map((statement) => {
      const part = statementParts.get(statement);
      if (!part) throw new Error("D1_ERROR: batch() takes statements prepared on this database");
      return part;
    });
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const results = parts.map((part) => toResult(this.#run(part.sql, part.params)) as D1Result<T>);
      this.#db.exec("COMMIT");
      return results;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      this.#totalChanges = Number(this.#readCounters()[0]);
      throw error;
    }
  }

  #exec(sql: string): D1ExecResult {
    // D1 runs exec() line by line: one statement per line.
    const lines = sql.trim().split("\n");
    const started = performance.now();
    for (const [index, line] of lines.entries()) {
      try {
        this.#db.exec(line);
      } catch (error) {
        const message = `Error in line ${index + 1}: ${line}: ${sqliteMessage(error)}`;
        throw new Error(`D1_EXEC_ERROR: ${message}`, { cause: new Error(message) });
      }
    }
    this.#totalChanges = Number(this.#readCounters()[0]);
    return { count: lines.length, duration: performance.now() - started };
  }

  #run(sql: string, params: Bound[]): Executed {
    const started = performance.now();
    if (new TextEncoder().encode(sql).length > D1_MAX_STATEMENT_BYTES) {
      throw d1Error(`statement too long: SQLITE_TOOBIG`);
    }
    if (params.length > D1_MAX_BOUND_PARAMETERS) {
      throw d1Error(`too many SQL variables (${params.length}, D1 allows ${D1_MAX_BOUND_PARAMETERS}): SQLITE_ERROR`);
    }
    let columns: string[];
    let rows: unknown[][];
    try {
      const prepared = this.#prepared(sql);
      columns = prepared.columns().map((column) => column.name);
      rows = (prepared.all(...params) as unknown as unknown[][]).map((row) => row.map(fromSqlite));
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("D1_")) throw error;
      throw d1Error(`${sqliteMessage(error)}: ${sqliteCode(error)}`);
    }
    const [total, changes, lastRowId] = this.#readCounters();
    const changed = Number(total) !== this.#totalChanges;
    this.#totalChanges = Number(total);
    const written = changed ? Number(changes) : 0;
    const duration = performance.now() - started;
    return {
      columns,
      rows,
      meta: {
        duration,
        size_after: Number((this.#size.get() as unknown as unknown[] | undefined)?.[0] ?? 0),
        // node:sqlite exposes no scan counters; rows returned stands in for rows read.
        rows_read: rows.length,
        rows_written: written,
        last_row_id: Number(lastRowId),
        changed_db: changed,
        changes: written,
        served_by_primary: true,
        timings: { sql_duration_ms: duration },
      },
    };
  }

  #readCounters(): unknown[] {
    return (this.#counters.get() as unknown as unknown[] | undefined) ?? [0, 0, 0];
  }

  #prepared(sql: string): StatementSync {
    const cached = this.#cache.get(sql);
    if (cached) {
      // Re-insert to keep the map in least-recently-used order.
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return cached;
    }
    const statement = this.#db.prepare(sql);
    statement.setReturnArrays(true);
    // Integers beyond 2^53 come back as BigInt rather than throwing; fromSqlite makes them numbers as D1 does.
    statement.setReadBigInts(true);
    this.#cache.set(sql, statement);
    if (this.#cache.size > STATEMENT_CACHE_SIZE) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return statement;
  }
}

const statementParts = new WeakMap<object, { sql: string; params: Bound[] }>();

function toResult(executed: Executed): D1Result<Row> {
  const { columns, rows, meta } = executed;
  const results = rows.map((row) => {
    const object: Row = {};
    for (const [index, name] of columns.entries()) object[name] = row[index];
    return object;
  });
  return { success: true, meta, results };
}

/** D1's binding rules (workerd's D1PreparedStatement.bind): anything else is a D1_TYPE_ERROR. */
export function toBound(value: unknown): Bound {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      // node:sqlite binds every number as REAL; D1 stores a whole number as INTEGER.
      return Number.isSafeInteger(value) ? BigInt(value) : value;
    case "boolean":
      return value ? 1n : 0n;
    case "object":
      if (value === null) return null;
      if (Array.isArray(value) && value.every((b) => typeof b === "number" && b >= 0 && b < 256)) {
        return Uint8Array.from(value);
      }
      if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
      if (ArrayBuffer.isView(value))
        return Uint8Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      break;
  }
  const message = `Type '${typeof value}' not supported for value '${String(value)}'`;
  throw new Error(`D1_TYPE_ERROR: ${message}`, { cause: new Error(message) });
}

/** D1 answers integers as numbers and blobs as arrays of bytes. */
function fromSqlite(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Uint8Array) return Array.from(value);
  return value;
}

function d1Error(message: string): Error {
  return new Error(`D1_ERROR: ${message}`, { cause: new Error(message) });
}

function sqliteMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const PRIMARY_CODES: Record<number, string> = {
  1: "SQLITE_ERROR",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  13: "SQLITE_FULL",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  25: "SQLITE_RANGE",
};

/** D1 ends its messages with SQLite's result code name (`...: SQLITE_CONSTRAINT`). */
function sqliteCode(error: unknown): string {
  const errcode = (error as { errcode?: unknown }).errcode;
  if (typeof errcode === "number") return PRIMARY_CODES[errcode & 0xff] ?? "SQLITE_ERROR";
  const message = sqliteMessage(error);
  if (message.includes("constraint failed")) return "SQLITE_CONSTRAINT";
  if (message.includes("database is locked")) return "SQLITE_BUSY";
  if (message.includes("out of range")) return "SQLITE_RANGE";
  return "SQLITE_ERROR";
}
