import { describe, expect, test } from 'vitest';
import { type FailureRecord, FailureTraces } from './failure-traces';

/** A stack whose one frame is named `site`: distinct sites are distinct traces. */
const at = (site: string) => `Error\n    at ${site} (x.js:1:1)`;
const record = (site: string, count: number, firstAt = 1): FailureRecord => ({
  stack: at(site),
  count,
  firstAt,
  lastAt: firstAt,
});
const id = (name?: string, message?: string, status?: number) => ({ name, message, status });
/** `[site, count]` of each record. */
const sites = (records: FailureRecord[]) => records.map((r) => [/at (\S+)/.exec(r.stack)![1], r.count]);

describe('FailureTraces', () => {
  test('stacks of the same length but different text are distinct traces', () => {
    const traces = new FailureTraces(10);
    traces.add('Error: a\n    at f (x.js:1:1)', id('Error', 'a'), 1);
    traces.add('Error: b\n    at f (x.js:1:1)', id('Error', 'b'), 2);
    traces.add('Error: a\n    at f (x.js:1:1)', id('Error', 'a'), 3);
    expect(traces.size).toBe(2);
    expect(traces.records()).toEqual([
      {
        stack: 'Error: a\n    at f (x.js:1:1)',
        count: 2,
        name: 'Error',
        message: 'a',
        normalizedMessage: 'a',
        firstAt: 1,
        lastAt: 3,
      },
      {
        stack: 'Error: b\n    at f (x.js:1:1)',
        count: 1,
        name: 'Error',
        message: 'b',
        normalizedMessage: 'b',
        firstAt: 2,
        lastAt: 2,
      },
    ]);
  });

  test('beyond the limit new traces are counted as dropped, known ones still counted', () => {
    const traces = new FailureTraces(1);
    traces.add(at('s1'), id(), 1);
    traces.add(at('s2'), id(), 2);
    traces.add(at('s1'), id(), 3);
    expect(traces.dropped).toBe(1);
    expect(traces.records()).toEqual([{ stack: at('s1'), count: 2, firstAt: 1, lastAt: 3 }]);
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
        { stack: at('one'), count: 5, firstAt: 1, lastAt: 1 },
        { stack: at('three'), count: 3, firstAt: 1, lastAt: 1 },
        { stack: at('two'), count: 2, firstAt: 0, lastAt: 1 },
      ]);
      expect(traces.dropped).toBe(1);
      expect(traces.size).toBe(3);
      expect(traces.shown()).toEqual({
        failures: [
          { stack: at('one'), count: 5, firstAt: 1, lastAt: 1 },
          { stack: at('three'), count: 3, firstAt: 1, lastAt: 1 },
        ],
        dropped: 1 + 2,
      });
    }
    // Nothing merged is forgotten: a later merge can still lift 'two' into the shown traces.
    ab.merge([record('two', 9)], 0);
    expect(sites(ab.shown().failures)).toEqual([
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
    const expected = { failures: [{ stack: at('x'), count: 4, firstAt: 1, lastAt: 1 }], dropped: 3 };
    expect(shownAfter(A, B, C)).toEqual(expected);
    expect(shownAfter(A, C, B)).toEqual(expected);
    expect(shownAfter(B, C, A)).toEqual(expected);
  });

  test('a trace seen on both sides keeps the example message of its earliest failure, either way round', () => {
    const early: FailureRecord = {
      ...record('s', 1, 5),
      name: 'NotFound',
      message: 'volume 1',
      normalizedMessage: 'volume {id}',
    };
    const late: FailureRecord = { ...early, count: 2, firstAt: 9, lastAt: 9, message: 'volume 2' };
    const sameTime: FailureRecord = { ...early, message: 'volume 0' };
    const merged = (...runs: FailureRecord[]) => {
      const traces = new FailureTraces(3);
      for (const run of runs) traces.merge([run], 0);
      return traces.records();
    };
    const first = { ...early, count: 3, lastAt: 9 };
    expect(merged(early, late)).toEqual([first]);
    expect(merged(late, early)).toEqual([first]);
    // Same first time: the smaller text wins, whichever comes first.
    expect(merged(early, sameTime)[0]!.message).toBe('volume 0');
    expect(merged(sameTime, early)[0]!.message).toBe('volume 0');
  });

  test('after a merge past the limit, recording keeps counting known traces and drops new ones', () => {
    const traces = new FailureTraces(1);
    traces.merge([record('a', 1), record('b', 1)], 0);
    traces.add(at('b'), id(), 7);
    traces.add(at('c'), id(), 8);
    expect(traces.size).toBe(2);
    expect(traces.dropped).toBe(1);
    expect(traces.records().find((r) => r.stack === at('b'))).toMatchObject({ count: 2, lastAt: 7 });
  });

  test('raiseLimit only raises', () => {
    const traces = new FailureTraces(3);
    traces.raiseLimit(2);
    expect(traces.limit).toBe(3);
    traces.raiseLimit(5);
    expect(traces.limit).toBe(5);
  });
});
