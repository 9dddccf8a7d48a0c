import { describe, expect, it } from "vitest";
import { chunkJsonRows } from "../../../worker/store/batch-write.ts";

describe("chunkJsonRows", () => {
  it("keeps every row, in order, in chunks under the size limit", () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i, "x".repeat(100)]);
    const chunks = chunkJsonRows(rows, 1000);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1000);
    expect(chunks.flatMap((c) => JSON.parse(c) as unknown[][])).toEqual(rows);
  });

  it("puts a row larger than the limit in a chunk of its own", () => {
    const chunks = chunkJsonRows([[1], ["y".repeat(50)], [2]], 20);
    expect(chunks.map((c) => (JSON.parse(c) as unknown[]).length)).toEqual([1, 1, 1]);
  });

  it("makes no chunk for no rows", () => {
    expect(chunkJsonRows([])).toEqual([]);
  });
});
