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
    expect(Object.keys(failure).sort()).toEqual(['count', 'firstAt', 'lastAt', 'message', 'name', 'stack']);
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
