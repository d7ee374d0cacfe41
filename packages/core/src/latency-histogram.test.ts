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
});
