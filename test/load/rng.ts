/** A seeded random source (mulberry32), so a run's workload and fault decisions follow its --seed. */
export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const float = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  return {
    float,
    int: (min, max) => min + Math.floor(float() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(float() * items.length)];
      if (item === undefined) throw new Error("cannot pick from an empty list");
      return item;
    },
    chance: (probability) => float() < probability,
  };
}
