import { describe, expect, test } from 'vitest';
import { InvalidStatsJson } from './errors';
import { Stats } from './stats';
import type { StatsJSON } from './stats-json';
import { Trace } from './trace';

function runOf(seed: number): Stats {
  const trace = new Trace({ syncLatencySampling: 1 });
  const client = trace.decorate(
    {
      getVolume(id: number) {
        if (id % 5 === 0) throw new Error(`volume ${id % 3} is gone`);
        return id;
      },
      listVolumes() {
        return [];
      },
    },
    { name: `Client${seed % 2}` },
  );
  for (let i = 0; i < 20 + seed; i++) {
    try {
      client.getVolume(i);
    } catch {}
    if (i % 3 === 0) client.listVolumes();
  }
  return trace.stats;
}

function normalise(doc: StatsJSON): unknown {
  // Latency sums are floating point: compare them rounded.
  return JSON.parse(JSON.stringify(doc, (key, value) => (key === 'sum' ? Math.round(value * 1e6) : value)));
}

describe('Stats', () => {
  test('log writes one seed-style line per method, sorted, and returns the statistics', () => {
    const stats = runOf(1);
    const lines: string[] = [];
    const methods = stats.log({ info: (line) => lines.push(line) });
    expect(lines).toEqual(['[Client1:getVolume] 16 pass, 5 fail', '[Client1:listVolumes] 7 pass, 0 fail']);
    expect(methods.map((m) => m.method)).toEqual(['getVolume', 'listVolumes']);
  });

  test('methods are sorted by client then method', () => {
    const stats = new Stats();
    stats.merge(runOf(1)).merge(runOf(2));
    expect(stats.methods().map((m) => `${m.client}:${m.method}`)).toEqual([
      'Client0:getVolume',
      'Client0:listVolumes',
      'Client1:getVolume',
      'Client1:listVolumes',
    ]);
  });

  test('toJSON has a version and round-trips through fromJSON', () => {
    const stats = runOf(3);
    const doc = stats.toJSON();
    expect(doc.version).toBe(1);
    const back = Stats.fromJSON(JSON.stringify(doc));
    expect(back.toJSON()).toEqual(doc);
    expect(back.get('Client1', 'getVolume')).toEqual(stats.get('Client1', 'getVolume'));
  });

  test('merge is commutative and associative', () => {
    const runs = [runOf(1), runOf(2), runOf(3)].map((s) => s.toJSON());
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 0, 2],
      [2, 0, 1],
    ];
    const results = orders.map((order) => {
      const stats = new Stats();
      for (const i of order) stats.merge(runs[i]!);
      return normalise(stats.toJSON());
    });
    for (const result of results) expect(result).toEqual(results[0]);
    // (a + b) + c == a + (b + c)
    const left = new Stats().merge(new Stats().merge(runs[0]!).merge(runs[1]!)).merge(runs[2]!);
    const right = new Stats().merge(runs[0]!).merge(new Stats().merge(runs[1]!).merge(runs[2]!));
    expect(normalise(left.toJSON())).toEqual(normalise(right.toJSON()));
    const total = new Stats().merge(runs[0]!).merge(runs[1]!).merge(runs[2]!);
    expect(total.get('Client1', 'getVolume')!.fail).toBe(5 + 5);
  });

  test.each([
    [{}, 'version'],
    [{ version: 2, methods: [] }, 'version'],
    [{ version: 1 }, 'methods'],
    [{ version: 1, methods: [{ client: 'A', method: 'm', pass: -1 }] }, 'methods[0].latency'],
    [
      {
        version: 1,
        methods: [
          {
            client: 'A',
            method: 'm',
            pass: 1.5,
            fail: 0,
            failures: [],
            latency: { count: 0, sum: 0, min: 0, max: 0, buckets: {} },
          },
        ],
      },
      'methods[0].pass',
    ],
    [
      {
        version: 1,
        methods: [
          {
            client: 'A',
            method: 'm',
            pass: 1,
            fail: 0,
            failures: [{ stack: '' }],
            latency: { count: 0, sum: 0, min: 0, max: 0, buckets: {} },
          },
        ],
      },
      'methods[0].failures[0].stack',
    ],
    [
      {
        version: 1,
        methods: [
          {
            client: 'A',
            method: 'm',
            pass: 1,
            fail: 0,
            failures: [],
            latency: { count: 3, sum: 0, min: 0, max: 0, buckets: { 5: 1 } },
          },
        ],
      },
      'methods[0].latency.count',
    ],
  ])('fromJSON rejects a bad document naming the field (%#)', (doc, field) => {
    let error: unknown;
    try {
      Stats.fromJSON(doc as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidStatsJson);
    expect((error as InvalidStatsJson).field).toBe(field);
    expect((error as InvalidStatsJson).code).toBe('TRACK_INVALID_STATS_JSON');
    expect((error as Error).message).toContain(field);
  });

  test('fromJSON of text that is not JSON says so', () => {
    expect(() => Stats.fromJSON('{nope')).toThrow(/not valid JSON/);
  });

  test('the document holds plain data only, never error objects', () => {
    const doc = runOf(1).toJSON();
    const failure = doc.methods[0]!.failures[0]!;
    expect(Object.keys(failure).sort()).toEqual([
      'count',
      'firstAt',
      'lastAt',
      'message',
      'name',
      'normalizedMessage',
      'stack',
    ]);
  });

  test('recordRetry counts retried attempts beside pass and fail', () => {
    const stats = new Stats();
    stats.recordRetry('VolumesClient', 'createVolume');
    expect(stats.get('VolumesClient', 'createVolume')).toMatchObject({ pass: 0, fail: 0, retries: 1 });
  });

  test('the optional timeline counts calls over time and stays bounded', () => {
    const stats = new Stats({ timeline: { bucketMs: 10, maxBuckets: 4 } });
    const trace = new Trace({ stats });
    const client = trace.decorate({ async ping() {} }, { name: 'P' });
    return (async () => {
      for (let i = 0; i < 5; i++) {
        await client.ping();
        await new Promise((resolve) => setTimeout(resolve, 12));
      }
      const timeline = stats.timeline()!;
      expect(timeline.buckets.length).toBeLessThanOrEqual(4);
      expect(timeline.buckets.reduce((n, b) => n + b.pass, 0)).toBe(5);
      expect(
        Stats.fromJSON(stats.toJSON())
          .timeline()
          ?.buckets.reduce((n, b) => n + b.pass, 0),
      ).toBe(5);
    })();
  });
});

/** Stack text of a failure at call site `site` (distinct sites, distinct traces). */
const stackAt = (site: string) => `Error: gone\n    at site${site} (volumes.js:1:1)`;

/** Calls `VolumesClient.getVolume` through `trace` once per stack, each call throwing that stack. */
function failAt(trace: Trace, stacks: string[]): void {
  const client = trace.decorate(
    {
      getVolume(stack: string) {
        const error = new Error('gone');
        error.stack = stack;
        throw error;
      },
    },
    { name: 'VolumesClient' },
  );
  for (const stack of stacks) {
    try {
      client.getVolume(stack);
    } catch {}
  }
}

const sites = (n: number) => Array.from({ length: n }, (_, i) => stackAt(String(i)));

describe('Stats: failure trace caps', () => {
  test('the issue example: with cap 1, A+B+C and A+C+B give the same traces and dropped count', () => {
    const run = (stacks: string[]) => {
      const trace = new Trace({ maxFailureTraces: 1 });
      failAt(trace, stacks);
      return trace.stats;
    };
    const [x, y] = [stackAt('x'), stackAt('y')];
    const a = run([x, x]);
    const b = run([y, y, y]);
    const c = run([x, x]);
    const abc = new Stats().merge(a).merge(b).merge(c);
    const acb = new Stats().merge(a).merge(c).merge(b);
    const cbaJson = Stats.fromJSON(JSON.stringify(c.toJSON()))
      .merge(JSON.stringify(b.toJSON()))
      .merge(a.toJSON());
    for (const merged of [abc, acb, cbaJson]) {
      const shown = merged.get('VolumesClient', 'getVolume')!;
      expect(shown.failures.map((f) => [f.stack, f.count])).toEqual([[x, 4]]);
      expect(shown.droppedFailures).toBe(3);
      expect(shown.fail).toBe(7);
    }
    expect(abc.toJSON()).toEqual(acb.toJSON());
    expect(abc.toJSON()).toEqual(cbaJson.toJSON());
  });

  test('a Trace asking for more traces than a default Stats keeps them all', () => {
    const trace = new Trace({ stats: new Stats(), maxFailureTraces: 50 });
    failAt(trace, sites(60));
    const shown = trace.stats.get('VolumesClient', 'getVolume')!;
    expect(shown.failures).toHaveLength(50);
    expect(shown.droppedFailures).toBe(10);
  });

  test('a Trace asking for fewer traces than a default Stats keeps fewer', () => {
    const trace = new Trace({ stats: new Stats(), maxFailureTraces: 2 });
    failAt(trace, sites(5));
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ droppedFailures: 3 });
    expect(trace.stats.get('VolumesClient', 'getVolume')!.failures).toHaveLength(2);
  });

  test.each([
    [2, 4],
    [4, 2],
  ])('two traces sharing a method with caps %i and %i keep the larger', (first, second) => {
    const stats = new Stats();
    const one = new Trace({ stats, maxFailureTraces: first });
    const two = new Trace({ stats, maxFailureTraces: second });
    failAt(one, sites(3));
    failAt(two, sites(6));
    const shown = stats.get('VolumesClient', 'getVolume')!;
    expect(shown.failures).toHaveLength(4);
    expect(shown.failures.reduce((n, f) => n + f.count, 0) + shown.droppedFailures).toBe(9);
  });

  // Needs trace.ts to pass `undefined` to `recordFor` when `maxFailureTraces` is not given.
  test.each([3, 100])('a Trace without its own cap keeps the cap of its Stats (%i)', (cap) => {
    const trace = new Trace({ stats: new Stats({ maxFailureTraces: cap }) });
    failAt(trace, sites(120));
    expect(trace.stats.get('VolumesClient', 'getVolume')!.failures).toHaveLength(cap);
  });

  test('toJSON carries the cap, and fromJSON keeps every trace of a document written with cap 50', () => {
    const trace = new Trace({ maxFailureTraces: 50 });
    failAt(trace, sites(60));
    const doc = trace.stats.toJSON();
    expect(doc.methods[0]).toMatchObject({ maxFailureTraces: 50, droppedFailures: 10 });
    expect(doc.methods[0]!.failures).toHaveLength(50);
    const back = Stats.fromJSON(JSON.stringify(doc));
    expect(back.get('VolumesClient', 'getVolume')).toEqual(trace.stats.get('VolumesClient', 'getVolume'));
    expect(back.toJSON()).toEqual(doc);
    expect(new Stats().merge(doc).toJSON()).toEqual(doc);
  });

  test('a document written before caps were recorded still loads, losing no trace', () => {
    const trace = new Trace({ maxFailureTraces: 30 });
    failAt(trace, sites(30));
    const doc = trace.stats.toJSON();
    delete doc.methods[0]!.maxFailureTraces;
    const back = Stats.fromJSON(doc);
    expect(back.get('VolumesClient', 'getVolume')!.failures).toHaveLength(30);
    expect(back.toJSON().methods[0]!.maxFailureTraces).toBe(30);
    // A short old document is read with the reader's cap, so later merges may show more.
    const short = {
      ...doc,
      methods: [{ ...doc.methods[0]!, failures: doc.methods[0]!.failures.slice(0, 5) }],
    };
    expect(Stats.fromJSON(short).toJSON().methods[0]!.maxFailureTraces).toBe(20);
  });

  test('a merged document holds every trace of its runs, and shows the cap', () => {
    const runs = [0, 1, 2].map((run) => {
      const trace = new Trace({ maxFailureTraces: 2 });
      failAt(trace, [stackAt(`${run}a`), stackAt(`${run}b`), stackAt(`${run}b`)]);
      return trace.stats;
    });
    const merged = runs.reduce((stats, run) => stats.merge(run), new Stats());
    const doc = merged.toJSON();
    expect(doc.methods[0]!.failures).toHaveLength(6);
    expect(doc.methods[0]).toMatchObject({ maxFailureTraces: 2, droppedFailures: 0 });
    const shown = merged.get('VolumesClient', 'getVolume')!;
    expect(shown.failures.map((f) => f.count)).toEqual([2, 2]);
    expect(shown.droppedFailures).toBe(9 - 4);
  });

  test('fromJSON rejects a cap that is not a non-negative integer, naming the field', () => {
    const doc = new Trace().stats.toJSON();
    doc.methods.push({
      client: 'A',
      method: 'm',
      pass: 1,
      fail: 0,
      retries: 0,
      droppedFailures: 0,
      maxFailureTraces: -1,
      failures: [],
      latency: { count: 0, sum: 0, min: 0, max: 0, buckets: {} },
    });
    expect(() => Stats.fromJSON(doc)).toThrow(
      expect.objectContaining({ field: 'methods[0].maxFailureTraces', code: 'TRACK_INVALID_STATS_JSON' }),
    );
  });
});
