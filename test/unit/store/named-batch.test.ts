import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { NamedBatch } from "../../../worker/store/named-batch.ts";

const select = (n: number) => env.DB.prepare("SELECT ?1 AS n").bind(n);

describe("NamedBatch", () => {
  it("reads each role's rows by name, however many statements run before or between them", async () => {
    const batch = new NamedBatch<"created" | "touched" | "unused">();
    batch.add([select(0)]);
    batch.add([select(1), select(2)], "created");
    batch.add([select(3)]);
    batch.add([select(4)], "touched");
    const results = await batch.run(env.DB);
    expect(results.rows<{ n: number }>("created")).toEqual([{ n: 1 }, { n: 2 }]);
    expect(results.rows<{ n: number }>("touched")).toEqual([{ n: 4 }]);
    expect(results.rows("unused")).toEqual([]);
  });
});
