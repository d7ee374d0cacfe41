import { afterEach, describe, expect, test, vi } from 'vitest';
import { Stats } from './stats';
import { Trace } from './trace';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** `performance.now()` answers `times` in order (then the last one), as a clock the test controls. */
function clock(...times: number[]): void {
  let call = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => times[Math.min(call++, times.length - 1)]!);
}

describe('latency values', () => {
  test('a timed synchronous call records end - start, in ms', () => {
    const trace = new Trace({ syncLatencySampling: 1 });
    const client = trace.decorate({ get: () => ({ id: 1 }) }, { name: 'C' });
    clock(5000, 5003.5);
    client.get();
    expect(trace.stats.get('C', 'get')!.latency).toMatchObject({ count: 1, min: 3.5, max: 3.5, mean: 3.5 });
  });

  test.each([
    ['a boolean', true],
    ['a number', 0],
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ok'],
  ])('a timed call that returns %s records its latency', (_, value) => {
    const trace = new Trace({ syncLatencySampling: 1 });
    const client = trace.decorate({ isResourceGone: () => value }, { name: 'C' });
    clock(100, 102.25);
    expect(client.isResourceGone()).toBe(value);
    expect(trace.stats.get('C', 'isResourceGone')).toMatchObject({
      pass: 1,
      latency: { count: 1, min: 2.25, max: 2.25 },
    });
  });

  test('a timed failure records its latency too; an async call from start to settlement', async () => {
    const trace = new Trace({ syncLatencySampling: 1, asyncLatencySampling: 1 });
    const client = trace.decorate(
      {
        fail: () => {
          throw new Error('x');
        },
        later: async () => 1,
      },
      { name: 'C' },
    );
    clock(10, 17);
    expect(() => client.fail()).toThrow('x');
    expect(trace.stats.get('C', 'fail')!.latency).toMatchObject({ count: 1, min: 7, max: 7 });
    clock(20, 29);
    await client.later();
    expect(trace.stats.get('C', 'later')!.latency).toMatchObject({ count: 1, min: 9, max: 9 });
  });

  test('untimed calls record no latency: count is the number of timed calls', () => {
    const trace = new Trace({ syncLatencySampling: 4 });
    const client = trace.decorate({ get: () => 1 }, { name: 'C' });
    for (let i = 0; i < 256 + 40; i++) client.get();
    expect(trace.stats.get('C', 'get')).toMatchObject({ pass: 296, latency: { count: 256 + 10 } });
  });
});

describe('failure times, non-Error throws and bookkeeping', () => {
  test("a trace's firstAt and lastAt are the times of its first and last failure", () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const trace = new Trace();
    const client = trace.decorate(
      {
        fail: () => {
          throw new Error('x');
        },
      },
      { name: 'C' },
    );
    for (const at of [1_700_000_001_000, 1_700_000_005_000, 1_700_000_003_000]) {
      vi.setSystemTime(at);
      expect(() => client.fail()).toThrow('x');
    }
    expect(trace.stats.get('C', 'fail')!.failures[0]).toMatchObject({
      count: 3,
      firstAt: 1_700_000_001_000,
      lastAt: 1_700_000_005_000,
    });
  });

  test.each([
    ['a string', 'boom', 'string', 'string "boom"'],
    ['a number', 42, 'number', 'number 42'],
    ['undefined', undefined, 'undefined', 'undefined'],
    ['an object with name and message', { name: 'Conflict', message: 'in use' }, 'Conflict', 'in use'],
  ])('a thrown non-Error (%s) keeps a name and message', (_, thrown, name, message) => {
    const trace = new Trace();
    const client = trace.decorate(
      {
        fail: () => {
          throw thrown;
        },
      },
      { name: 'C' },
    );
    let caught: unknown = 'nothing';
    try {
      client.fail();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);
    const [failure] = trace.stats.get('C', 'fail')!.failures;
    expect(failure).toMatchObject({ count: 1, name, message });
  });

  test('an object thrown without a string stack keeps a trace, with a stack captured at the call', () => {
    const trace = new Trace();
    const client = trace.decorate(
      {
        fail: () => {
          throw { code: 'E_GONE', stack: 42 };
        },
      },
      { name: 'C' },
    );
    function callerOfTheClient(): void {
      client.fail();
    }
    expect(callerOfTheClient).toThrow();
    const stats = trace.stats.get('C', 'fail')!;
    expect(stats).toMatchObject({ fail: 1, droppedFailures: 0 });
    expect(stats.failures).toHaveLength(1);
    expect(stats.failures[0]!.stack).toMatch(/^Error: non-Error thrown: object \[object Object\]\n/);
    expect(stats.failures[0]!.stack).toMatch(/\n {4}at callerOfTheClient /);
  });

  test('a bookkeeping error keeps the count: the call is a pass or a failure all the same', () => {
    const stats = new Stats();
    const trace = new Trace({ stats, syncLatencySampling: 1 });
    const client = trace.decorate(
      {
        get: () => 1,
        fail: () => {
          throw new Error('x');
        },
      },
      { name: 'C' },
    );
    client.get();
    const records = ['get', 'fail'].map((method) => {
      // The live record, reached as Trace reaches it.
      const recordFor = Object.getOwnPropertySymbols(Stats.prototype).find(
        (s) => s.description === 'track.recordFor',
      )!;
      return (stats as unknown as Record<symbol, (c: string, m: string) => Record<string, unknown>>)[
        recordFor
      ]!('C', method);
    });
    const broken = {
      record: () => {
        throw new Error('broken histogram');
      },
    };
    for (const record of records) {
      record.latency = broken;
      record.failures = {
        dropped: 0,
        add: () => {
          throw new Error('broken failures');
        },
      };
    }
    expect(client.get()).toBe(1);
    expect(() => client.fail()).toThrow('x');
    expect(() => client.fail()).toThrow('x');
    expect(records[0]).toMatchObject({ pass: 2, fail: 0 });
    // Both failures counted, as failures without a kept trace.
    expect(records[1]).toMatchObject({ pass: 0, fail: 2 });
    expect((records[1]!.failures as { dropped: number }).dropped).toBe(2);
  });
});

describe('the timeline', () => {
  test('failures land on it as failures, passes as passes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const stats = new Stats({ timeline: true });
    const client = new Trace({ stats }).decorate(
      {
        get: () => 1,
        fail: () => {
          throw new Error('x');
        },
      },
      { name: 'C' },
    );
    client.get();
    expect(() => client.fail()).toThrow('x');
    expect(() => client.fail()).toThrow('x');
    expect(stats.timeline()).toEqual({
      bucketMs: 1000,
      buckets: [{ at: 1_700_000_000_000, pass: 1, fail: 2 }],
    });
  });

  test('its bucketMs is honoured: calls land in buckets of that width', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const stats = new Stats({ timeline: { bucketMs: 250 } });
    const client = new Trace({ stats, syncLatencySampling: 1 }).decorate({ get: () => 1 }, { name: 'C' });
    for (const at of [1_700_000_000_010, 1_700_000_000_240, 1_700_000_000_260, 1_700_000_000_900]) {
      vi.setSystemTime(at);
      client.get();
    }
    expect(stats.timeline()).toEqual({
      bucketMs: 250,
      buckets: [
        { at: 1_700_000_000_000, pass: 2, fail: 0 },
        { at: 1_700_000_000_250, pass: 1, fail: 0 },
        { at: 1_700_000_000_750, pass: 1, fail: 0 },
      ],
    });
  });
});

describe('decorate leaves what is not a method alone', () => {
  test('a class-valued property is the same class after decorating', () => {
    class Inner {}
    const holder = { Inner };
    new Trace().decorate(holder, { name: 'Holder' });
    expect(holder.Inner).toBe(Inner);
  });
});
