import { describe, expect, it } from "vitest";
import { fixedWindowLimiter } from "../../../../worker/http/rate-limit/fixed-window.ts";
import { secondsLeftInPeriod } from "../../../../worker/http/rate-limit/limits.ts";

describe("fixedWindowLimiter", () => {
  it("allows `limit` calls per key in a window, refuses the next, and starts afresh in the next window", async () => {
    let now = 120_000;
    const limiter = fixedWindowLimiter({ limit: 2, periodSeconds: 60, now: () => now });
    const outcomes = async (key: string, n: number) => {
      const seen: boolean[] = [];
      for (let i = 0; i < n; i++) seen.push((await limiter.limit({ key })).success);
      return seen;
    };
    expect(await outcomes("a", 3)).toEqual([true, true, false]);
    expect(await outcomes("b", 1)).toEqual([true]);
    now += 59_999;
    expect(await outcomes("a", 1)).toEqual([false]);
    now += 1;
    expect(await outcomes("a", 3)).toEqual([true, true, false]);
  });

  it("does not count refused calls", async () => {
    let now = 0;
    const limiter = fixedWindowLimiter({ limit: 1, periodSeconds: 10, now: () => now });
    await limiter.limit({ key: "k" });
    for (let i = 0; i < 5; i++) await limiter.limit({ key: "k" });
    now = 10_000;
    expect((await limiter.limit({ key: "k" })).success).toBe(true);
  });
});

describe("secondsLeftInPeriod", () => {
  it("is the whole seconds to the end of the clock-aligned period, at least 1", () => {
    expect(secondsLeftInPeriod(60_000, 60)).toBe(60);
    expect(secondsLeftInPeriod(60_500, 60)).toBe(60);
    expect(secondsLeftInPeriod(119_000, 60)).toBe(1);
    expect(secondsLeftInPeriod(119_999, 60)).toBe(1);
    expect(secondsLeftInPeriod(3_000, 10)).toBe(7);
  });
});
