import { describe, expect, it } from "vitest";
import {
  type EventRef,
  type EventRefs,
  KEPT_PER_END,
  mergeRefs,
  NO_REFS,
  pruneRefs,
  refCount,
  refsOf,
  soleHost,
} from "../../../../worker/detect/correlation/refs.ts";

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const ref = (i: number, host: string | null = "DC01", batch = "b1"): EventRef => [batch, i, T0 + i * 1000, host];

function fed(count: number, host: (i: number) => string | null = () => "DC01"): EventRefs {
  let refs = NO_REFS;
  for (let i = 0; i < count; i++) refs = mergeRefs(refs, refsOf(ref(i, host(i))));
  return refs;
}

describe("a correlation window's event refs", () => {
  it("keeps every event of a window up to twice KEPT_PER_END, oldest first", () => {
    const refs = fed(2 * KEPT_PER_END);
    expect(refs.kept.map((r) => r[1])).toEqual(Array.from({ length: 2 * KEPT_PER_END }, (_, i) => i));
    expect(refs.skipped).toBeNull();
  });

  it("keeps the oldest and newest KEPT_PER_END of a flood and counts the rest, so its size stays bounded", () => {
    const refs = fed(10_000);
    expect(refs.kept).toHaveLength(2 * KEPT_PER_END);
    expect(refs.kept[0]?.[1]).toBe(0);
    expect(refs.kept[KEPT_PER_END - 1]?.[1]).toBe(KEPT_PER_END - 1);
    expect(refs.kept[KEPT_PER_END]?.[1]).toBe(10_000 - KEPT_PER_END);
    expect(refs.kept.at(-1)?.[1]).toBe(9_999);
    expect(refCount(refs)).toBe(10_000);
    expect(refs.skipped?.newestTs).toBe(T0 + (10_000 - KEPT_PER_END - 1) * 1000);
    expect(JSON.stringify(refs).length).toBeLessThan(8_000);
  });

  it("orders an event of an earlier time that arrives late among the others", () => {
    const refs = mergeRefs(fed(3), refsOf(["b0", 7, T0 - 5000, "DC01"]));
    expect(refs.kept.map((r) => r[0])).toEqual(["b0", "b1", "b1", "b1"]);
  });

  it("counts an event named twice (a chain that reaches it two ways) once", () => {
    expect(refCount(mergeRefs(fed(3), fed(3)))).toBe(3);
  });

  it("refers to events of different batches with the same index apart", () => {
    expect(refCount(mergeRefs(refsOf(ref(0, "DC01", "b1")), refsOf(ref(0, "DC01", "b2"))))).toBe(2);
  });

  it("drops the events the window slid past, and the skipped ones once the newest of them is past", () => {
    const small = pruneRefs(fed(10), T0 + 4000);
    expect(small.kept.map((r) => r[1])).toEqual([4, 5, 6, 7, 8, 9]);
    const flood = fed(300);
    // The 50 oldest kept left; the 200 skipped all count until the newest of them leaves.
    expect(refCount(pruneRefs(flood, T0 + 100_000))).toBe(250);
    expect(pruneRefs(flood, T0 + 251_000)).toEqual({ kept: flood.kept.slice(-49), skipped: null });
  });

  it("loads a group saved without refs as one that holds none", () => {
    expect(refCount(pruneRefs(NO_REFS, T0))).toBe(0);
    expect(soleHost(NO_REFS)).toBeNull();
  });

  it("names the one host of the events, and none when they name several", () => {
    expect(soleHost(fed(5))).toBe("DC01");
    expect(soleHost(fed(5, (i) => (i === 2 ? null : "DC01")))).toBe("DC01");
    expect(soleHost(fed(5, (i) => (i === 2 ? "DC02" : "DC01")))).toBeNull();
  });

  it("sees a second host among the skipped events of a flood", () => {
    const refs = fed(500, (i) => (i === 250 ? "DC02" : "DC01"));
    expect(refs.kept.every((r) => r[3] === "DC01")).toBe(true);
    expect(soleHost(refs)).toBeNull();
  });
});
