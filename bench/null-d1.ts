/// <reference types="@cloudflare/workers-types" />
/**
 * A D1Database whose SQL runs nowhere, for measuring what the Worker itself computes around D1:
 * every read finds no rows (a new batch, no exceptions, no correlation state yet), every write
 * succeeds, and each call's statements are serialised to JSON the way the binding ships them to
 * the D1 service. The SQL execution that a real D1 does is D1's CPU, not the Worker's.
 */

interface SentStatement {
  sql: string;
  params: unknown[];
}

const META = { changes: 0, duration: 0, last_row_id: 0, rows_read: 0, rows_written: 0, size_after: 0 };

/** Bytes of SQL and parameters the Worker has handed to D1 so far, so a benchmark can report them. */
export interface NullD1 {
  d1: D1Database;
  sentBytes(): number;
}

export function nullD1(): NullD1 {
  let sent = 0;
  const ship = (statements: SentStatement[]) => {
    sent += JSON.stringify(statements).length;
  };

  const statement = (sql: string, params: unknown[]): D1PreparedStatement => {
    const self = {
      sql,
      params,
      bind: (...values: unknown[]) => statement(sql, values),
      first: async () => {
        ship([{ sql, params }]);
        return null;
      },
      all: async () => {
        ship([{ sql, params }]);
        return { results: [], success: true, meta: META };
      },
      run: async () => {
        ship([{ sql, params }]);
        return { results: [], success: true, meta: META };
      },
      raw: async () => {
        ship([{ sql, params }]);
        return [];
      },
    };
    return self as unknown as D1PreparedStatement;
  };

  const d1 = {
    prepare: (sql: string) => statement(sql, []),
    batch: async (statements: D1PreparedStatement[]) => {
      ship(statements.map((s) => s as unknown as SentStatement).map(({ sql, params }) => ({ sql, params })));
      return statements.map(() => ({ results: [], success: true, meta: META }));
    },
    exec: async () => ({ count: 0, duration: 0 }),
  };
  return { d1: d1 as unknown as D1Database, sentBytes: () => sent };
}
