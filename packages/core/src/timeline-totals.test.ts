import { describe, expect, test } from 'vitest';
import { randomOf, seeds } from '../test/property';
import { Stats } from './stats';
import { Trace } from './trace';

class NotFound extends Error {
  override name = 'NotFound';
}

/** A client with synchronous and asynchronous methods that pass or fail as asked. */
class SampleClient {
  sync(fail: boolean): number {
    if (fail) throw new Error('sync failure');
    return 1;
  }
  async later(fail: boolean): Promise<number> {
    await undefined;
    if (fail) throw new Error('async failure');
    return 1;
  }
  /** Returns a primitive or an object that is not a thenable. */
  plainObject(fail: boolean): object {
    if (fail) throw 'a string';
    return { ok: true };
  }
  /** Whitelisted: its callees' NotFounds are passes. */
  isResourceDeleted(): boolean {
    try {
      this.sync(true);
      return false;
    } catch {
      return true;
    }
  }
  missing(): never {
    throw new NotFound('gone');
  }
}

type Totals = { pass: number; fail: number };

function totalsOf(stats: Stats): { methods: Totals; timeline: Totals } {
  const methods = stats.methods().reduce((t, m) => ({ pass: t.pass + m.pass, fail: t.fail + m.fail }), {
    pass: 0,
    fail: 0,
  });
  const buckets = stats.timeline()?.buckets ?? [];
  const timeline = buckets.reduce((t, b) => ({ pass: t.pass + b.pass, fail: t.fail + b.fail }), {
    pass: 0,
    fail: 0,
  });
  return { methods, timeline };
}

/** A random run: sync and async calls, passing and failing, with random latency sampling. */
async function randomRun(random: (below: number) => number, stats: Stats): Promise<void> {
  const sampling = [1, 2, 8, 64][random(4)]!;
  const trace = new Trace({
    stats,
    syncLatencySampling: sampling,
    asyncLatencySampling: [1, 4, 8][random(3)]!,
    maxFailureTraces: random(3),
  });
  const client = trace.decorate(new SampleClient());
  const calls = random(900);
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < calls; i++) {
    const fail = random(5) === 0;
    switch (random(5)) {
      case 0:
        pending.push(client.later(fail).catch(() => 0));
        break;
      case 1:
        try {
          client.plainObject(fail);
        } catch {}
        break;
      case 2:
        client.isResourceDeleted();
        break;
      case 3:
        try {
          client.missing();
        } catch {}
        break;
      default:
        try {
          client.sync(fail);
        } catch {}
    }
  }
  await Promise.all(pending);
}

describe('Stats timeline: its sums equal the method totals exactly', () => {
  test('20,000 passing calls, most of them untimed, give a timeline pass sum of 20,000', () => {
    const stats = new Stats({ timeline: true });
    const client = new Trace({ stats }).decorate(new SampleClient());
    for (let i = 0; i < 20_000; i++) client.sync(false);
    expect(stats.get('SampleClient', 'sync')!.latency.count).toBeLessThan(1000);
    expect(totalsOf(stats).timeline).toEqual({ pass: 20_000, fail: 0 });
  });

  test('untimed async passes and whitelisted failures are on the timeline too', async () => {
    const stats = new Stats({ timeline: true });
    const client = new Trace({ stats }).decorate(new SampleClient());
    for (let i = 0; i < 1000; i++) await client.later(false);
    for (let i = 0; i < 1000; i++) client.isResourceDeleted();
    expect(totalsOf(stats).timeline).toEqual({ pass: 3000, fail: 0 });
    expect(totalsOf(stats).methods).toEqual({ pass: 3000, fail: 0 });
  });

  test('property: sync/async, timed/untimed, whitelisted, read mid-run and merged', async () => {
    for (const seed of seeds(15)) {
      const random = randomOf(seed);
      const bucketMs = [1, 10, 1000][random(3)]!;
      const first = new Stats({ timeline: { bucketMs } });
      await randomRun(random, first);
      // Reading the timeline mid-run places the pending calls once, not twice.
      expect(totalsOf(first).timeline, `seed ${seed}`).toEqual(totalsOf(first).methods);
      await randomRun(random, first);
      const second = new Stats({ timeline: { bucketMs: [10, 1000][random(2)]! } });
      await randomRun(random, second);
      const merged = Stats.fromJSON(first.toJSON()).merge(second);
      for (const stats of [first, second, merged]) {
        const { methods, timeline } = totalsOf(stats);
        expect(timeline, `seed ${seed}`).toEqual(methods);
      }
      // A Stats recording its own calls and merging another's.
      await randomRun(random, second.merge(first));
      expect(totalsOf(second).timeline, `seed ${seed}`).toEqual(totalsOf(second).methods);
    }
  }, 120_000);
});
