/**
 * A small seeded generator (mulberry32) for property tests: the same cases on every run, no
 * dependency. Returns a function giving an integer in `[0, below)`.
 */
export function randomOf(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Every order of three items, as index triples: with two groupings each, every way to merge three runs. */
export const PERMUTATIONS_OF_THREE: readonly (readonly [number, number, number])[] = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

/**
 * Seeds `1..count` for a property test, or fewer when `TRACK_PROPERTY_SEEDS` is set: mutation testing
 * (`vitest.mutation.config.ts`) runs each covering test once per mutant, and sets it to keep that
 * affordable.
 */
export function seeds(count: number): number[] {
  const cap = Number(process.env.TRACK_PROPERTY_SEEDS);
  const n = Number.isInteger(cap) && cap > 0 ? Math.min(cap, count) : count;
  return Array.from({ length: n }, (_, i) => i + 1);
}
