import { describe, expect, test } from 'vitest';
import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  test('percentiles are within 1% of the exact sample values', () => {
    const histogram = new LatencyHistogram();
    const samples: number[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const ms = ((i * 7919) % 5000) + 0.5; // spread over 0.5 .. 5000 ms
      samples.push(ms);
      histogram.record(ms);
    }
    samples.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = samples[Math.ceil(q * samples.length) - 1]!;
      expect(Math.abs(histogram.quantile(q) - exact) / exact).toBeLessThan(0.01);
    }
    const summary = histogram.summary();
    expect(summary.count).toBe(10_000);
    expect(summary.min).toBe(samples[0]);
    expect(summary.max).toBe(samples.at(-1));
  });

  test('an empty histogram summarises to zeros', () => {
    expect(new LatencyHistogram().summary()).toEqual({
      count: 0,
      min: 0,
      max: 0,
      mean: 0,
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
    });
  });

  test('ignores negative and non-finite values', () => {
    const histogram = new LatencyHistogram();
    histogram.record(-1);
    histogram.record(Number.NaN);
    histogram.record(Number.POSITIVE_INFINITY);
    expect(histogram.count).toBe(0);
  });

  test('merging equals recording everything in one histogram, and survives JSON', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) {
      const ms = (i % 97) * 1.37;
      (i % 2 ? a : b).record(ms);
      all.record(ms);
    }
    const merged = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(a.toJSON()))).merge(b);
    expect(merged.toJSON().buckets).toEqual(all.toJSON().buckets);
    expect(merged.summary().p99).toBe(all.summary().p99);
    expect(merged.summary().mean).toBeCloseTo(all.summary().mean, 9);
  });

  test('memory stays bounded: a million samples use a few hundred buckets', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 1_000_000; i++) histogram.record((i % 60_000) / 3);
    expect(Object.keys(histogram.toJSON().buckets).length).toBeLessThan(2000);
  });

  test('the sum is exact, so merges in any grouping give the same histogram (0.1, 0.2, 0.3)', () => {
    const of = (ms: number) => {
      const histogram = new LatencyHistogram();
      histogram.record(ms);
      return histogram;
    };
    const leftFirst = of(0.1).merge(of(0.2)).merge(of(0.3));
    const rightFirst = of(0.1).merge(of(0.2).merge(of(0.3)));
    expect(leftFirst.toJSON()).toEqual(rightFirst.toJSON());
    expect(leftFirst.toJSON().sum).toBe(0.6);
    expect(leftFirst.summary().mean).toBe(rightFirst.summary().mean);
  });

  test('a sum written as a float of ms, as before, loads to the same sum as the exact one', () => {
    const json = { count: 3, sum: 0.1 + 0.2 + 0.3, min: 0.1, max: 0.3, buckets: { 100: 1, 200: 1, 300: 1 } };
    expect(json.sum).toBe(0.6000000000000001);
    expect(LatencyHistogram.fromJSON(json).toJSON().sum).toBe(0.6);
  });

  test('sums below 2^51 ns survive JSON unchanged, so merged documents stay exact', () => {
    for (const ns of [1, 999_999, 123_456_789_012, 2 ** 51 - 1, 2 ** 51 - 12_345]) {
      const json = { count: 1, sum: ns / 1e6, min: 0, max: 0, buckets: { 0: 1 } };
      const once = LatencyHistogram.fromJSON(json).toJSON();
      expect(LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(once))).toJSON()).toEqual(once);
      expect(Math.round(once.sum * 1e6)).toBe(ns);
    }
  });

  test('countsAtOrBelow gives cumulative counts per bound, equal to the total at the top', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [0.5, 1, 4, 9, 9, 20, 250]) histogram.record(ms);
    expect(histogram.countsAtOrBelow([1, 5, 10, 100, 1000])).toEqual([2, 3, 5, 6, 7]);
    expect(new LatencyHistogram().countsAtOrBelow([1, 2])).toEqual([0, 0]);
    expect(() => histogram.countsAtOrBelow([5, 1])).toThrow(RangeError);
  });

  test('countsAtOrBelow survives a JSON round trip (what a scrape reads from a merged Stats)', () => {
    const histogram = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) histogram.record(i / 10);
    const again = LatencyHistogram.fromJSON(histogram.toJSON());
    expect(again.countsAtOrBelow([5, 50, 100])).toEqual(histogram.countsAtOrBelow([5, 50, 100]));
    expect(histogram.countsAtOrBelow([100])).toEqual([1000]);
  });
});
