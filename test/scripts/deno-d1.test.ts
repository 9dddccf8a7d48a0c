/**
 * The Deno host's D1Database over a SQLite file keeps D1's semantics (what real D1 answers):
 * batches are atomic, raw() can lead with column names, meta counts changes and row ids, and
 * bindings follow D1's rules, with D1's error messages. Runs in Node's node:sqlite.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteD1 } from "../../deno-host/d1.ts";

let store: SqliteD1;
let db: ReturnType<SqliteD1["binding"]>;

beforeEach(async () => {
  store = new SqliteD1(":memory:", { journalMode: "delete" });
  db = store.binding();
  await db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, data BLOB)");
});

afterEach(() => store.close());

describe("SqliteD1", () => {
  it("rolls a whole batch back when one statement fails", async () => {
    const insert = db.prepare("INSERT INTO items (name) VALUES (?)");
    await expect(db.batch([insert.bind("a"), insert.bind("b"), insert.bind("a")])).rejects.toThrow(
      "D1_ERROR: UNIQUE constraint failed: items.name: SQLITE_CONSTRAINT",
    );
    expect(await db.prepare("SELECT count(*) AS n FROM items").first("n")).toBe(0);
  });

  it("answers raw() rows as arrays, led by the column names when asked", async () => {
    await db.prepare("INSERT INTO items (name) VALUES (?), (?)").bind("a", "b").run();
    const statement = db.prepare("SELECT id, name, id AS id FROM items ORDER BY id");
    expect(await statement.raw({ columnNames: true })).toEqual([
      ["id", "name", "id"],
      [1, "a", 1],
      [2, "b", 2],
    ]);
    expect(await statement.raw()).toEqual([
      [1, "a", 1],
      [2, "b", 2],
    ]);
  });

  it("counts changes and the last row id in meta", async () => {
    const insert = await db.prepare("INSERT INTO items (name) VALUES (?), (?), (?)").bind("a", "b", "c").run();
    expect(insert).toMatchObject({
      success: true,
      results: [],
      meta: { changes: 3, last_row_id: 3, changed_db: true },
    });
    const update = await db.prepare("UPDATE items SET name = name || '!' WHERE id > ?").bind(1).run();
    expect(update.meta).toMatchObject({ changes: 2, rows_written: 2 });
    const read = await db.prepare("SELECT * FROM items").all();
    expect(read.meta).toMatchObject({ changes: 0, changed_db: false, rows_read: 3 });
    expect(read.meta.size_after).toBeGreaterThan(0);
    const returning = await db.prepare("INSERT INTO items (name) VALUES ('d') RETURNING id").all();
    expect(returning).toMatchObject({ results: [{ id: 4 }], meta: { changes: 1, last_row_id: 4 } });
  });

  it("binds as D1 does: booleans as 0/1, whole numbers as integers, bytes as blobs; undefined is refused", async () => {
    const row = await db
      .prepare("SELECT ? AS yes, ? AS no, typeof(?) AS whole, typeof(?) AS real, ? AS bytes")
      .bind(true, false, 5, 5.5, new Uint8Array([1, 2]).buffer)
      .first();
    expect(row).toEqual({ yes: 1, no: 0, whole: "integer", real: "real", bytes: [1, 2] });
    expect(() => db.prepare("SELECT ?").bind(undefined)).toThrow(
      "D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'",
    );
    expect(() => db.prepare("SELECT ?").bind({ a: 1 })).toThrow("D1_TYPE_ERROR: Type 'object'");
  });

  it("fails like D1 on bad SQL, a missing column in first(), and more than 100 bound values", async () => {
    await expect(db.prepare("SELECT * FROM nowhere").all()).rejects.toThrow(
      "D1_ERROR: no such table: nowhere: SQLITE_ERROR",
    );
    await db.prepare("INSERT INTO items (name) VALUES ('a')").run();
    await expect(db.prepare("SELECT name FROM items").first("id")).rejects.toThrow(
      "D1_COLUMN_NOTFOUND: Column not found (id)",
    );
    const many = Array.from({ length: 101 }, (_, i) => i);
    await expect(
      db
        .prepare(`SELECT ${many.map(() => "?").join(", ")}`)
        .bind(...many)
        .all(),
    ).rejects.toThrow("D1_ERROR: too many SQL variables");
  });

  it("runs exec() line by line and names the failing line", async () => {
    expect(await db.exec("INSERT INTO items (name) VALUES ('x')\nINSERT INTO items (name) VALUES ('y')")).toMatchObject(
      {
        count: 2,
      },
    );
    await expect(
      db.exec("INSERT INTO items (name) VALUES ('z')\nINSERT INTO items (name) VALUES ('x')"),
    ).rejects.toThrow(
      "D1_EXEC_ERROR: Error in line 2: INSERT INTO items (name) VALUES ('x'): UNIQUE constraint failed: items.name",
    );
  });
});
