/**
 * Applies migrations/*.sql to the SQLite file the way `wrangler d1 migrations apply` does: in name
 * order, each file once, recorded in the same d1_migrations table, each file with its record in
 * one transaction.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SqliteD1 } from "./d1.ts";

const MIGRATIONS_TABLE = "d1_migrations";

/** Answers the names of the migrations it applied (none when the file is up to date). */
export async function applyMigrations(store: SqliteD1, migrationsDir: string): Promise<string[]> {
  store.execScript(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}(
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  );`);
  const db = store.binding();
  const applied = await db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).raw<[string]>();
  const done = new Set(applied.map(([name]) => name));
  const pending = readdirSync(migrationsDir)
    .filter((name) => name.endsWith(".sql") && !done.has(name))
    .sort();
  for (const name of pending) {
    const sql = readFileSync(join(migrationsDir, name), "utf8");
    try {
      store.execScript(
        `BEGIN;\n${sql}\n;INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ('${name.replace(/'/g, "''")}');\nCOMMIT;`,
      );
    } catch (error) {
      store.execScript("ROLLBACK");
      throw new Error(`migration ${name} failed: ${(error as Error).message}`);
    }
  }
  return pending;
}
