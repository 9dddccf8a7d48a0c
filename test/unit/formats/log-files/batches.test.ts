import { describe, expect, it } from "vitest";
import { BatchBuilder, contentKey, importKey } from "../../../../worker/formats/log-files/batches.ts";

function batchesOf(records: unknown[], limits = { maxEvents: 3, maxBodyBytes: 10_000 }) {
  const builder = new BatchBuilder("f00d", limits);
  const out = records.flatMap((record) => builder.add(record) ?? []);
  const last = builder.flush();
  return last ? [...out, last] : out;
}

describe("import batches", () => {
  it("cut records into batches by count, numbered in order, each a valid ingest body", () => {
    const batches = batchesOf([1, 2, 3, 4, 5, 6, 7].map((n) => ({ n })));
    expect(batches.map((b) => [b.id, b.records])).toEqual([
      ["f00d-0", 3],
      ["f00d-1", 3],
      ["f00d-2", 1],
    ]);
    expect(JSON.parse(batches[1]?.body ?? "")).toEqual({ batch_id: "f00d-1", events: [{ n: 4 }, { n: 5 }, { n: 6 }] });
  });

  it("cut them by size too, a record too big for any batch going alone", () => {
    const big = { text: "x".repeat(900) };
    const batches = batchesOf([big, big, { n: 1 }, big], { maxEvents: 100, maxBodyBytes: 1500 });
    expect(batches.map((b) => b.records)).toEqual([1, 2, 1]);
  });

  it("name the same records the same way every time, and the same files by one import key in any order", async () => {
    expect(batchesOf([{ a: 1 }, { a: 2 }])).toEqual(batchesOf([{ a: 1 }, { a: 2 }]));
    const a = await contentKey(new TextEncoder().encode("one"));
    const b = await contentKey(new TextEncoder().encode("two"));
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(a).not.toBe(b);
    expect(await importKey([a, b])).toBe(await importKey([b, a]));
    expect(await importKey([a])).not.toBe(await importKey([a, b]));
  });
});
