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
