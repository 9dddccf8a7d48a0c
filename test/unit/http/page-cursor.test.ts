import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../../worker/http/page-cursor.ts";

describe("cursor", () => {
  it("round-trips", () => {
    expect(decodeCursor(encodeCursor({ ts: 1_795_000_000_000, id: 42 }))).toEqual({ ts: 1_795_000_000_000, id: 42 });
  });

  it("refuses anything else", () => {
    expect(() => decodeCursor(btoa("1;drop"))).toThrow(/cursor/);
    expect(() => decodeCursor("%%")).toThrow(/cursor/);
  });

  it("round-trips a text id, and refuses a text id where a number is expected and the reverse", () => {
    const cursor = { ts: 1_795_000_000_000, id: "batch/ü+1" };
    expect(decodeCursor(encodeCursor(cursor), "string")).toEqual(cursor);
    expect(() => decodeCursor(encodeCursor(cursor))).toThrow(/cursor/);
    expect(() => decodeCursor(encodeCursor({ ts: 1, id: 42 }), "string")).toThrow(/cursor/);
  });

  it("is URL-safe text, so a client may put it in a query string unescaped", () => {
    for (const id of ["?>?>?>", "~~~~", "a/b+c=d", "ÿÿÿ"]) {
      expect(encodeCursor({ ts: -1, id })).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });
});
