import { describe, expect, test } from 'vitest';
import { splitAcrossThreads } from './thread-pool';

describe('splitAcrossThreads keeps the requested totals', () => {
  test.each([
    // [concurrent iterations per part, threads, iterations, expected per thread, expected iterations per thread]
    [[3], 2, 5, [[2], [1]], [3, 2]],
    [[4], 2, 8, [[2], [2]], [4, 4]],
    [[7], 3, 10, [[3], [2], [2]], [4, 3, 3]],
    [[4], 4, 4, [[1], [1], [1], [1]], [1, 1, 1, 1]],
    [
      [1, 1],
      2,
      undefined,
      [
        [1, 0],
        [0, 1],
      ],
      undefined,
    ],
    [
      [2, 1],
      2,
      3,
      [
        [1, 1],
        [1, 0],
      ],
      [2, 1],
    ],
  ])(
    'concurrent iterations %j over %i threads, %s iterations',
    (parts, threads, iterations, concurrency, perThread) => {
      const shares = splitAcrossThreads(parts, threads, iterations);
      expect(shares.map((s) => s.partConcurrency)).toEqual(concurrency);
      expect(shares.map((s) => s.iterations).filter((n) => n !== undefined)).toEqual(perThread ?? []);
      for (const share of shares) {
        expect(share.partConcurrency.reduce((n, c) => n + c, 0)).toBeGreaterThan(0);
        if (share.iterations !== undefined) expect(share.iterations).toBeGreaterThan(0);
      }
    },
  );

  test.each([
    [[2], 3, undefined, /--workers 3 \(worker threads\) is more than the 2 concurrent iterations/],
    [[4], 4, 1, /--workers 4 \(worker threads\) is more than the 1 iterations/],
  ])(
    'concurrent iterations %j over %i threads with %s iterations is a usage error',
    (parts, threads, iterations, message) => {
      expect(() => splitAcrossThreads(parts, threads, iterations)).toThrow(message);
    },
  );
});
