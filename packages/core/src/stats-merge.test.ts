import { describe, expect, onTestFinished, test, vi } from 'vitest';
import { PERMUTATIONS_OF_THREE, randomOf, seeds } from '../test/property';
import type { FailureRecord } from './failure-traces';
import { LatencyHistogram } from './latency-histogram';
import { Stats } from './stats';
import type { MethodStatsJSON, StatsJSON } from './stats-json';
import { Timeline, type TimelineJSON } from './timeline';
import { Trace } from './trace';

const METHODS = [
  ['VolumesClient', 'getVolume'],
  ['VolumesClient', 'deleteVolume'],
  ['SnapshotsClient', 'getSnapshot'],
] as const;
/** Stacks of distinct call sites (frames): distinct traces whatever their names and messages. */
const STACKS = [
  'Error: a\n    at f (x.js:1:1)',
  'Error: b\n    at f (x.js:2:1)',
  'E: c\n    at g (y.js:1:1)',
  'E: d\n    at h (y.js:1:1)',
  'E: e\n    at async h (y.js:1:1)',
];
const NAMES = [undefined, 'NotFound', 'Conflict'];
const MESSAGES = [undefined, 'volume 1 is gone', 'volume 2 is gone'];

/** Latencies that do not add up exactly as floats (0.1 + 0.2 !== 0.3), and arbitrary ones. */
const LATENCIES = [0.1, 0.2, 0.3, 12.345, 0.7, 1.1];

/** A latency in ms: one of {@link LATENCIES} or an arbitrary float up to 500 ms. */
function randomLatency(random: (below: number) => number): number {
  return random(2) === 0 ? LATENCIES[random(LATENCIES.length)]! : random(5_000_000) / 9973;
}

/** Bucket widths: power-of-two multiples of 250 ms, whose merges associate even when coarsened. */
const WIDTHS = [250, 500, 1000, 2000, 4000];

/**
 * A random timeline, or none: widths from {@link WIDTHS}; one in two is dense (2000 buckets or more),
 * so that merging a few of them often passes the 3600-bucket cap and coarsens.
 */
function randomTimeline(
  random: (below: number) => number,
  widths = WIDTHS,
  hasDense = true,
): TimelineJSON | undefined {
  if (random(4) === 0) return undefined;
  const bucketMs = widths[random(widths.length)]!;
  const timeline = new Timeline(bucketMs, 3600);
  const start = 1_700_000_000_000;
  if (hasDense && random(2) === 0) {
    // Dense: 2000 calls 4 s apart, over one of two spans that together need 4000 buckets.
    const from = start + random(2) * 2000 * 4000;
    for (let i = 0; i < 2000; i++) timeline.record(from + i * 4000 + random(4000), random(4) > 0);
  } else {
    for (let i = random(40); i > 0; i--) timeline.record(start + random(300_000), random(4) > 0);
  }
  return timeline.toJSON();
}

/**
 * A random run's document: a few methods, caps of 1 to 3, failures drawn from a small pool of
 * stacks (so runs overlap, with equal counts and times to exercise every tie), dropped counts,
 * arbitrary float latencies, and (mostly) a timeline of a random width. `isMerged` documents hold
 * more traces than their cap, as a document of merged runs does. Documents without caps are written
 * as before caps were recorded, also with latency sums added up as floats of milliseconds.
 */
function randomDoc(
  random: (below: number) => number,
  hasCaps = true,
  widths = WIDTHS,
  hasDense = true,
): StatsJSON {
  const methods: MethodStatsJSON[] = [];
  for (const [client, method] of METHODS) {
    if (random(4) === 0) continue;
    const cap = 1 + random(3);
    const isMerged = hasCaps && random(3) === 0;
    const failures: FailureRecord[] = [];
    for (const stack of STACKS) {
      if (failures.length >= (isMerged ? STACKS.length : cap) || random(2) === 0) continue;
      const firstAt = 1000 + random(3);
      const failure: FailureRecord = { stack, count: 1 + random(3), firstAt, lastAt: firstAt + random(3) };
      const name = NAMES[random(NAMES.length)];
      const message = MESSAGES[random(MESSAGES.length)];
      if (name !== undefined) failure.name = name;
      if (message !== undefined) failure.message = message;
      failures.push(failure);
    }
    const droppedFailures = random(4);
    const pass = random(20);
    // Documents without caps are older than whitelisted counts too: they never carry one.
    const whitelisted = hasCaps && random(2) === 0 ? random(pass + 1) : undefined;
    const fail = failures.reduce((n, f) => n + f.count, 0) + droppedFailures;
    const latency = new LatencyHistogram();
    let floatSum = 0;
    for (let i = 0; i < pass + fail; i++) {
      const ms = randomLatency(random);
      latency.record(ms);
      floatSum += ms;
    }
    methods.push({
      client,
      method,
      pass,
      fail,
      retries: random(2),
      ...(whitelisted === undefined ? {} : { whitelisted }),
      droppedFailures,
      ...(hasCaps ? { maxFailureTraces: cap } : {}),
      failures,
      latency: hasCaps ? latency.toJSON() : { ...latency.toJSON(), sum: floatSum },
    });
  }
  const doc: StatsJSON = { version: 1, methods };
  const timeline = randomTimeline(random, widths, hasDense);
  if (timeline) doc.timeline = timeline;
  return doc;
}

/** Everything a reader can see of a Stats. */
function viewOf(stats: Stats): unknown {
  return {
    json: JSON.stringify(stats.toJSON()),
    methods: stats.methods(),
    get: METHODS.map(([client, method]) => stats.get(client, method)),
  };
}

/** {@link viewOf} without latency: a live run measures it, so two recordings of one run differ. */
function viewWithoutLatencyOf(stats: Stats): unknown {
  const view = viewOf(stats) as { json: string };
  return JSON.parse(
    JSON.stringify({ ...view, json: JSON.parse(view.json) }, (key, value) =>
      key === 'latency' ? undefined : value,
    ),
  );
}

/**
 * A run recorded live by a `Trace` with a cap of 1 to 3, mostly with a timeline of a random width:
 * failures at random sites of a small pool, one call every 137 ms of a faked clock, so recording the
 * same seed again gives the same run.
 */
function randomLiveRun(random: (below: number) => number): Stats {
  const bucketMs = WIDTHS[random(WIDTHS.length)]!;
  const stats = random(4) === 0 ? new Stats() : new Stats({ timeline: { bucketMs } });
  const trace = new Trace({ stats, maxFailureTraces: 1 + random(3), syncLatencySampling: 1 });
  const client = trace.decorate(
    {
      getVolume(stack: string | undefined) {
        if (stack === undefined) return 'ok';
        const error = new Error('gone');
        error.stack = stack;
        throw error;
      },
    },
    { name: 'VolumesClient' },
  );
  // At least one call: a method decorated but never called is not in the document, yet its cap
  // applies when the live Stats is the one merged into (see the report of this change).
  for (let i = 1 + random(12); i > 0; i--) {
    vi.setSystemTime(1000 + i * 137);
    try {
      client.getVolume(random(3) === 0 ? undefined : STACKS[random(STACKS.length)]);
    } catch {}
  }
  return trace.stats;
}

type Combine = (left: Stats, right: Stats) => Stats;
const COMBINES: [string, Combine][] = [
  ['objects', (left, right) => left.merge(right)],
  ['JSON objects', (left, right) => Stats.fromJSON(left.toJSON()).merge(right.toJSON())],
  [
    'JSON text',
    (left, right) => new Stats().merge(JSON.stringify(left.toJSON())).merge(JSON.stringify(right.toJSON())),
  ],
];

/**
 * Every order and grouping of three runs: ((a+b)+c) and (a+(b+c)) for each permutation. `leaf(i)`
 * makes a fresh Stats of run `i` each time (merging changes the left side).
 */
function allMerges(leaf: (i: number) => Stats, combine: Combine): Stats[] {
  return PERMUTATIONS_OF_THREE.flatMap(([a, b, c]) => [
    combine(combine(leaf(a!), leaf(b!)), leaf(c!)),
    combine(leaf(a!), combine(leaf(b!), leaf(c!))),
  ]);
}

/** Failures a method's document accounts for: the counts of its traces plus those not kept. */
function failuresIn(m: MethodStatsJSON): number {
  return m.failures.reduce((n, f) => n + f.count, 0) + m.droppedFailures;
}

// Deterministic but CPU-heavy (every order and grouping of many random runs): a generous timeout, so
// that a loaded CI machine, running several packages' tests at once, does not fail them for time.
describe('Stats.merge, on random runs', { timeout: 30_000 }, () => {
  test.each(COMBINES)('is associative and commutative, via %s', (_, combine) => {
    for (const seed of seeds(40)) {
      const random = randomOf(seed);
      const docs = [randomDoc(random), randomDoc(random), randomDoc(random)];
      const results = allMerges((i) => Stats.fromJSON(docs[i]!), combine).map(viewOf);
      for (const result of results) expect(result, `seed ${seed}`).toEqual(results[0]);
    }
  });

  test('runs recorded live by traces with different caps merge in any order too', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    for (const seed of seeds(40)) {
      // Each leaf records its run again, live: the same calls, so the same counts and traces.
      const leaf = (i: number) => randomLiveRun(randomOf(seed * 3 + i));
      for (const [, combine] of COMBINES) {
        const results = allMerges(leaf, combine).map(viewWithoutLatencyOf);
        for (const result of results) expect(result, `seed ${seed}`).toEqual(results[0]);
      }
    }
  });

  test('documents without caps (written before caps were recorded) merge in any order too', () => {
    for (const seed of seeds(40)) {
      const random = randomOf(seed);
      const docs = [randomDoc(random, false), randomDoc(random), randomDoc(random, false)];
      // One way of combining per seed, in turn (the test above runs every way on every seed).
      const [, combine] = COMBINES[seed % COMBINES.length]!;
      const results = allMerges((i) => Stats.fromJSON(docs[i]!), combine).map(viewOf);
      for (const result of results) expect(result, `seed ${seed}`).toEqual(results[0]);
    }
  });

  test('loses no count (whitelisted passes too) or stack, and shows at most the largest cap of the runs', () => {
    for (const seed of seeds(40)) {
      const random = randomOf(seed);
      const docs = [randomDoc(random), randomDoc(random), randomDoc(random)];
      const merged = docs.reduce((stats, doc) => stats.merge(doc), new Stats());
      const doc = merged.toJSON();
      for (const [client, method] of METHODS) {
        const inputs = docs.flatMap((d) =>
          d.methods.filter((m) => m.client === client && m.method === method),
        );
        const shown = merged.get(client, method);
        if (inputs.length === 0) {
          expect(shown).toBeUndefined();
          continue;
        }
        const failed = inputs.reduce((n, m) => n + m.fail, 0);
        const output = doc.methods.find((m) => m.client === client && m.method === method)!;
        expect(failuresIn(output), `seed ${seed}`).toBe(failed);
        expect(shown!.failures.reduce((n, f) => n + f.count, 0) + shown!.droppedFailures).toBe(failed);
        expect(shown!.fail).toBe(failed);
        const whitelisted = inputs.reduce((n, m) => n + (m.whitelisted ?? 0), 0);
        expect(shown!.whitelisted, `seed ${seed}`).toBe(whitelisted);
        expect(output.whitelisted ?? 0).toBe(whitelisted);
        const cap = Math.max(...inputs.map((m) => m.maxFailureTraces!));
        expect(output.maxFailureTraces).toBe(cap);
        expect(shown!.failures.length).toBe(Math.min(cap, output.failures.length));
        const stacks = new Set(inputs.flatMap((m) => m.failures.map((f) => f.stack)));
        expect(new Set(output.failures.map((f) => f.stack))).toEqual(stacks);
      }
    }
  });
});

// Some of these are CPU-heavy too (every order and grouping of random timelines): the same timeout.
describe('Stats.merge, timelines and latency sums', { timeout: 30_000 }, () => {
  test("a Stats without a timeline adopts the merged document's, so either order gives the same document", () => {
    for (const seed of seeds(20)) {
      const random = randomOf(seed);
      let doc = randomDoc(random);
      while (doc.timeline === undefined) doc = randomDoc(random);
      const adopted = new Stats().merge(doc).toJSON();
      expect(adopted.timeline, `seed ${seed}`).toEqual(doc.timeline);
      expect(adopted, `seed ${seed}`).toEqual(Stats.fromJSON(doc).merge(new Stats()).toJSON());
    }
  });

  test('calls traced into a Stats without the timeline option stay off an adopted timeline', () => {
    const stats = new Stats();
    const client = new Trace({ stats }).decorate({ ping: () => 'pong' }, { name: 'P' });
    stats.merge({
      version: 1,
      methods: [],
      timeline: { bucketMs: 1000, buckets: [{ at: 0, pass: 2, fail: 0 }] },
    });
    client.ping();
    expect(stats.timeline()).toEqual({ bucketMs: 1000, buckets: [{ at: 0, pass: 2, fail: 0 }] });
    expect(stats.get('P', 'ping')?.pass).toBe(1);
  });

  test('timelines of 1000 and 3000 ms buckets merge into 3000 ms either way', () => {
    const thin: StatsJSON = {
      version: 1,
      methods: [],
      timeline: {
        bucketMs: 1000,
        buckets: [
          { at: 1000, pass: 1, fail: 0 },
          { at: 4000, pass: 0, fail: 1 },
        ],
      },
    };
    const wide: StatsJSON = {
      version: 1,
      methods: [],
      timeline: { bucketMs: 3000, buckets: [{ at: 3000, pass: 5, fail: 0 }] },
    };
    const oneWay = Stats.fromJSON(thin).merge(wide).toJSON();
    expect(oneWay.timeline).toEqual({
      bucketMs: 3000,
      buckets: [
        { at: 0, pass: 1, fail: 0 },
        { at: 3000, pass: 5, fail: 1 },
      ],
    });
    expect(Stats.fromJSON(wide).merge(thin).toJSON()).toEqual(oneWay);
  });

  test('timelines of 1000, 3000 and 5000 ms merge in any order and grouping while no merge coarsens', () => {
    for (const seed of seeds(20)) {
      const random = randomOf(seed);
      const docs = [0, 1, 2].map(() => randomDoc(random, true, [1000, 3000, 5000], false));
      for (const [, combine] of COMBINES) {
        const results = allMerges((i) => Stats.fromJSON(docs[i]!), combine).map(viewOf);
        for (const result of results) expect(result, `seed ${seed}`).toEqual(results[0]);
      }
    }
  });

  test('two timelines of any widths merge alike either way, coarsened or not', () => {
    for (const seed of seeds(40)) {
      const random = randomOf(seed);
      const [left, right] = [0, 1].map(() => randomDoc(random, true, [250, 1000, 1500, 3000, 5000]));
      const oneWay = viewOf(Stats.fromJSON(left!).merge(right!));
      expect(viewOf(Stats.fromJSON(right!).merge(left!)), `seed ${seed}`).toEqual(oneWay);
      expect(viewOf(new Stats().merge(right!).merge(left!)), `seed ${seed}`).toEqual(oneWay);
    }
  });

  test('latency sums add up exactly: 0.1, 0.2 and 0.3 ms merged in either grouping', () => {
    const runOf = (ms: number) => {
      const latency = new LatencyHistogram();
      latency.record(ms);
      return Stats.fromJSON({
        version: 1,
        methods: [
          {
            client: 'P',
            method: 'ping',
            pass: 1,
            fail: 0,
            retries: 0,
            droppedFailures: 0,
            failures: [],
            latency: latency.toJSON(),
          },
        ],
      });
    };
    const leftFirst = runOf(0.1).merge(runOf(0.2)).merge(runOf(0.3)).toJSON();
    const rightFirst = runOf(0.1)
      .merge(runOf(0.2).merge(runOf(0.3)))
      .toJSON();
    expect(leftFirst).toEqual(rightFirst);
    expect(leftFirst.methods[0]!.latency.sum).toBe(0.6);
  });
});
