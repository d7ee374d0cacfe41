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

  test('merging keeps the union with summed counts, in any order, and shows the limit', () => {
    const a = [record('one', 5), record('two', 1)];
    const b = [record('three', 3), record('two', 1, 0)];
    const ab = new FailureTraces(2);
    ab.merge(a, 1);
    ab.merge(b, 0);
    const ba = new FailureTraces(2);
    ba.merge(b, 0);
    ba.merge(a, 1);
    for (const traces of [ab, ba]) {
      expect(traces.records()).toEqual([
        { stack: 'one', count: 5, firstAt: 1, lastAt: 1 },
        { stack: 'three', count: 3, firstAt: 1, lastAt: 1 },
        { stack: 'two', count: 2, firstAt: 0, lastAt: 1 },
      ]);
      expect(traces.dropped).toBe(1);
      expect(traces.size).toBe(3);
      expect(traces.shown()).toEqual({
        failures: [
          { stack: 'one', count: 5, firstAt: 1, lastAt: 1 },
          { stack: 'three', count: 3, firstAt: 1, lastAt: 1 },
        ],
        dropped: 1 + 2,
      });
    }
    // Nothing merged is forgotten: a later merge can still lift 'two' into the shown traces.
    ab.merge([record('two', 9)], 0);
    expect(ab.shown().failures.map((r) => [r.stack, r.count])).toEqual([
      ['two', 11],
      ['one', 5],
    ]);
    expect(ab.shown().dropped).toBe(1 + 3);
  });

  test('the issue example: with limit 1, A+B+C and A+C+B show the same trace and drop the same count', () => {
    const A = [record('x', 2)];
    const B = [record('y', 3)];
    const C = [record('x', 2)];
    const shownAfter = (...runs: FailureRecord[][]) => {
      const traces = new FailureTraces(1);
      for (const run of runs) traces.merge(run, 0);
      return traces.shown();
    };
    const expected = { failures: [{ stack: 'x', count: 4, firstAt: 1, lastAt: 1 }], dropped: 3 };
    expect(shownAfter(A, B, C)).toEqual(expected);
    expect(shownAfter(A, C, B)).toEqual(expected);
    expect(shownAfter(B, C, A)).toEqual(expected);
  });

  test('a stack seen on both sides keeps the name and message of its earliest failure, either way round', () => {
    const early: FailureRecord = { ...record('s', 1, 5), name: 'NotFound', message: 'volume 1' };
    const late: FailureRecord = { ...record('s', 2, 9), message: 'volume 2' };
    const sameTime: FailureRecord = { ...record('s', 1, 5), name: 'NotFound', message: 'volume 0' };
    const merged = (...runs: FailureRecord[]) => {
      const traces = new FailureTraces(3);
      for (const run of runs) traces.merge([run], 0);
      return traces.records();
    };
    const first = { stack: 's', count: 3, name: 'NotFound', message: 'volume 1', firstAt: 5, lastAt: 9 };
    expect(merged(early, late)).toEqual([first]);
    expect(merged(late, early)).toEqual([first]);
    // Same first time: the smaller text wins, whichever comes first.
    expect(merged(early, sameTime)[0]!.message).toBe('volume 0');
    expect(merged(sameTime, early)[0]!.message).toBe('volume 0');
  });

  test('after a merge past the limit, recording keeps counting known traces and drops new ones', () => {
    const traces = new FailureTraces(1);
    traces.merge([record('a', 1), record('b', 1)], 0);
    traces.add('b', undefined, undefined, 7);
    traces.add('c', undefined, undefined, 8);
    expect(traces.size).toBe(2);
    expect(traces.dropped).toBe(1);
    expect(traces.find('b')).toMatchObject({ count: 2, lastAt: 7 });
  });

  test('raiseLimit only raises', () => {
    const traces = new FailureTraces(3);
    traces.raiseLimit(2);
    expect(traces.limit).toBe(3);
    traces.raiseLimit(5);
    expect(traces.limit).toBe(5);
  });
});
