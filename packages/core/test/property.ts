import { SeededRandom } from '@track/fake-openstack';

/**
 * Property tests' seeded integers (the workspace's one seeded generator): the same cases on every
 * run. Returns a function giving an integer in `[0, below)`.
 */
export function randomOf(seed: number): (below: number) => number {
  const source = new SeededRandom(seed);
  return (below) => source.below(below);
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
