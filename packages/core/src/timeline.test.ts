import { describe, expect, test } from 'vitest';
import { PERMUTATIONS_OF_THREE, randomOf, seeds } from '../test/property';
import { Timeline, type TimelineJSON } from './timeline';

/** A timeline of `bucketMs` with `calls` calls at random times over a few minutes. */
function randomTimeline(random: (below: number) => number, bucketMs: number, calls: number): TimelineJSON {
  const timeline = new Timeline(bucketMs, 3600);
  for (let i = 0; i < calls; i++) timeline.record(1_700_000_000_000 + random(300_000), random(4) > 0);
  return timeline.toJSON();
}

/** `left` merged with `right`, into a fresh timeline holding `left` (merging changes the receiver). */
function mergeOf(left: TimelineJSON, right: TimelineJSON, maxBuckets: number): TimelineJSON {
  const timeline = new Timeline(left.bucketMs, maxBuckets);
  timeline.merge(left);
  timeline.merge(right);
  return timeline.toJSON();
}

/** ((a+b)+c) and (a+(b+c)) for every permutation of three timelines. */
function allMerges(timelines: TimelineJSON[], maxBuckets: number): TimelineJSON[] {
  return PERMUTATIONS_OF_THREE.flatMap(([a, b, c]) => [
    mergeOf(mergeOf(timelines[a!]!, timelines[b!]!, maxBuckets), timelines[c!]!, maxBuckets),
    mergeOf(timelines[a!]!, mergeOf(timelines[b!]!, timelines[c!]!, maxBuckets), maxBuckets),
  ]);
}

function callsIn(timeline: TimelineJSON): { pass: number; fail: number } {
  return timeline.buckets.reduce((n, b) => ({ pass: n.pass + b.pass, fail: n.fail + b.fail }), {
    pass: 0,
    fail: 0,
  });
}

describe('Timeline.merge', () => {
  test.each([
    [1000, 3000, 3000],
    [3000, 1000, 3000],
    [1000, 4000, 4000],
    [1500, 1000, 3000],
    [0.5, 0.75, 0.75],
  ])('%d ms merged with %d ms gives %d ms buckets, with the same buckets either way', (a, b, width) => {
    const random = randomOf(a * 7 + b);
    const left = randomTimeline(random, a, 200);
    const right = randomTimeline(random, b, 200);
    const oneWay = mergeOf(left, right, 3600);
    expect(oneWay.bucketMs).toBe(width);
    expect(mergeOf(right, left, 3600)).toEqual(oneWay);
    const sides = [callsIn(left), callsIn(right)];
    expect(callsIn(oneWay)).toEqual({
      pass: sides[0]!.pass + sides[1]!.pass,
      fail: sides[0]!.fail + sides[1]!.fail,
    });
  });

  test('widths that are power-of-two multiples of one base merge alike in any order and grouping, coarsened or not', () => {
    for (const seed of seeds(60)) {
      const random = randomOf(seed);
      const widths = [250, 500, 1000, 2000, 8000];
      const timelines = [0, 1, 2].map(() =>
        randomTimeline(random, widths[random(widths.length)]!, random(80)),
      );
      const maxBuckets = [4, 16, 64, 3600][random(4)]!;
      const results = allMerges(timelines, maxBuckets);
      for (const result of results) expect(result, `seed ${seed}`).toEqual(results[0]);
      expect(results[0]!.buckets.length).toBeLessThanOrEqual(maxBuckets);
    }
  });

  test('other widths (1000, 3000, 5000 ms) merge alike in any order and grouping while nothing coarsens', () => {
    for (const seed of seeds(30)) {
      const random = randomOf(seed);
      const timelines = [1000, 3000, 5000].map((width) => randomTimeline(random, width, 1 + random(80)));
      const results = allMerges(timelines, 3600);
      for (const result of results) expect(result, `seed ${seed}`).toEqual(results[0]);
      expect(results[0]!.bucketMs).toBe(15_000);
    }
  });

  test('the merged width is the smallest common width that fits the cap, doubled as needed', () => {
    const left = new Timeline(1000, 4);
    const right = new Timeline(3000, 4);
    for (let second = 0; second < 4; second++) left.record(second * 1000, true);
    for (let step = 0; step < 4; step++) right.record(step * 3000, false);
    left.merge(right.toJSON());
    // 3000 ms, the smallest multiple of both, gives 4 buckets: it fits the cap, so no doubling.
    expect(left.toJSON()).toEqual({
      bucketMs: 3000,
      buckets: [
        { at: 0, pass: 3, fail: 1 },
        { at: 3000, pass: 1, fail: 1 },
        { at: 6000, pass: 0, fail: 1 },
        { at: 9000, pass: 0, fail: 1 },
      ],
    });
    // A fifth bucket would not fit: the width doubles.
    left.merge({ bucketMs: 1000, buckets: [{ at: 12_000, pass: 1, fail: 0 }] });
    expect(left.toJSON().bucketMs).toBe(6000);
  });

  test('a timeline without calls takes the width of the one merged, from either side', () => {
    const full = randomTimeline(randomOf(3), 500, 50);
    const empty = new Timeline(1000).toJSON();
    expect(mergeOf(empty, full, 3600)).toEqual(full);
    expect(mergeOf(full, empty, 3600)).toEqual(full);
    expect(mergeOf(empty, { bucketMs: 3000, buckets: [] }, 3600)).toEqual({ bucketMs: 3000, buckets: [] });
  });
});

describe('Timeline.add', () => {
  test('adds passes and failures to the bucket holding the time; nothing added makes no bucket', () => {
    const timeline = new Timeline(100, 10);
    timeline.add(1_050, 0, 0);
    expect(timeline.toJSON()).toEqual({ bucketMs: 100, buckets: [] });
    timeline.add(1_050, 3, 1);
    timeline.add(1_099, 1, 0);
    timeline.add(1_100, 0, 2);
    expect(timeline.toJSON()).toEqual({
      bucketMs: 100,
      buckets: [
        { at: 1_000, pass: 4, fail: 1 },
        { at: 1_100, pass: 0, fail: 2 },
      ],
    });
  });

  test('past maxBuckets the width doubles and the calls land in the wider bucket', () => {
    const timeline = new Timeline(100, 2);
    timeline.add(0, 1, 0);
    timeline.add(100, 1, 0);
    timeline.add(250, 0, 1);
    expect(timeline.toJSON()).toEqual({
      bucketMs: 200,
      buckets: [
        { at: 0, pass: 2, fail: 0 },
        { at: 200, pass: 0, fail: 1 },
      ],
    });
  });
});
