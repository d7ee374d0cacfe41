import { describe, expect, test } from 'vitest';
import { type FailureRecord, FailureTraces } from './failure-traces';

const record = (stack: string, count: number, firstAt = 1): FailureRecord => ({
  stack,
  count,
  firstAt,
  lastAt: firstAt,
});

describe('FailureTraces', () => {
  test('stacks of the same length but different text are distinct traces', () => {
    const traces = new FailureTraces(10);
    traces.add('Error: a\n    at f (x.js:1:1)', 'Error', 'a', 1);
    traces.add('Error: b\n    at f (x.js:1:1)', 'Error', 'b', 2);
    traces.add('Error: a\n    at f (x.js:1:1)', 'Error', 'a', 3);
    expect(traces.size).toBe(2);
    expect(traces.records()).toEqual([
      {
        stack: 'Error: a\n    at f (x.js:1:1)',
        count: 2,
        name: 'Error',
        message: 'a',
        firstAt: 1,
        lastAt: 3,
      },
      {
        stack: 'Error: b\n    at f (x.js:1:1)',
        count: 1,
        name: 'Error',
        message: 'b',
        firstAt: 2,
        lastAt: 2,
      },
    ]);
    expect(traces.find('Error: b\n    at f (x.js:1:1)')?.count).toBe(1);
    expect(traces.find('Error: c\n    at f (x.js:1:1)')).toBeUndefined();
  });

  test('beyond the limit new traces are counted as dropped, known ones still counted', () => {
    const traces = new FailureTraces(1);
    traces.add('s1', undefined, undefined, 1);
    traces.add('s2', undefined, undefined, 2);
    traces.add('s1', undefined, undefined, 3);
    expect(traces.dropped).toBe(1);
    expect(traces.records()).toEqual([{ stack: 's1', count: 2, firstAt: 1, lastAt: 3 }]);
  });

  test('merging over the limit keeps the most frequent traces, whatever the order of merging', () => {
    const a = [record('one', 5), record('two', 1)];
    const b = [record('three', 3), record('two', 1, 0)];
    const ab = new FailureTraces(2);
    ab.merge(a, 1);
    ab.merge(b, 0);
    const ba = new FailureTraces(2);
    ba.merge(b, 0);
    ba.merge(a, 1);
    for (const traces of [ab, ba]) {
      expect(traces.records().map((r) => [r.stack, r.count])).toEqual([
        ['one', 5],
        ['three', 3],
      ]);
      expect(traces.dropped).toBe(1 + 2);
      expect(traces.size).toBe(2);
    }
    // The trimmed index still finds what it kept and not what it dropped.
    expect(ab.find('three')?.count).toBe(3);
    expect(ab.find('two')).toBeUndefined();
  });
});
