import { describe, expect, it } from "vitest";
import { eventRefusal, nestingDepth } from "../../../worker/ingest/admission.ts";

describe("nestingDepth", () => {
  it("counts objects and arrays, not scalars", () => {
    expect(nestingDepth("text", 10)).toBe(0);
    expect(nestingDepth({ a: [1, { b: 2 }] }, 10)).toBe(3);
  });

  it("stops counting past the limit, so a record 100,000 deep costs no more than one just over it", () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestingDepth(deep, 64)).toBe(65);
  });
});

describe("eventRefusal", () => {
  const receivedAt = 1_800_000_000_000;

  it("accepts a day of clock skew and refuses anything later", () => {
    expect(eventRefusal(receivedAt + 24 * 3_600_000, receivedAt)).toBeNull();
    expect(eventRefusal(receivedAt + 24 * 3_600_000 + 1, receivedAt)).toMatch(
      /more than 24 hours after it was received/,
    );
  });

  it("names a time too large for a date by its number", () => {
    expect(eventRefusal(1e17, receivedAt)).toMatch(/^event time 100000000000000000 ms since 1970/);
  });
});
