import { describe, expect, test } from 'vitest';
import { MAX_TRACE_TEXT } from './failure-identity';
import { Trace } from './trace';

class ServerFault extends Error {
  override name = 'ServerFault';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** `fail` equals the trace counts plus the failures without a kept trace. */
function expectCountsAddUp(trace: Trace, client: string, method: string): void {
  const stats = trace.stats.get(client, method)!;
  expect(stats.fail).toBe(stats.failures.reduce((n, f) => n + f.count, 0) + stats.droppedFailures);
}

describe('failure identity: what makes two failures one trace', () => {
  test('a failure whose name getter throws is counted with its trace', () => {
    const trace = new Trace();
    const hostile = new Error('hostile');
    Object.defineProperty(hostile, 'name', {
      get() {
        throw new Error('no name for you');
      },
    });
    const client = trace.decorate(
      {
        getVolume(): never {
          throw hostile;
        },
      },
      { name: 'VolumesClient' },
    );
    for (let i = 0; i < 2; i++) expect(() => client.getVolume()).toThrow(hostile);
    const stats = trace.stats.get('VolumesClient', 'getVolume')!;
    expect(stats.fail).toBe(2);
    expect(stats.droppedFailures).toBe(0);
    expect(stats.failures).toHaveLength(1);
    expect(stats.failures[0]).toMatchObject({ count: 2, message: 'hostile' });
    expect(stats.failures[0]!.name).toBeUndefined();
    expectCountsAddUp(trace, 'VolumesClient', 'getVolume');
  });

  test('message and status getters that throw read as absent; the failure keeps its trace', () => {
    const trace = new Trace();
    const error = new ServerFault('x', 500);
    for (const key of ['message', 'status']) {
      Object.defineProperty(error, key, {
        get() {
          throw new Error(`no ${key}`);
        },
      });
    }
    const client = trace.decorate(
      {
        call(): never {
          throw error;
        },
      },
      { name: 'C' },
    );
    let thrown: unknown;
    try {
      client.call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(error);
    const stats = trace.stats.get('C', 'call')!;
    expect(stats).toMatchObject({ fail: 1, droppedFailures: 0 });
    expect(stats.failures).toHaveLength(1);
    expect(stats.failures[0]).toMatchObject({ name: 'ServerFault', count: 1 });
    expect(stats.failures[0]!.message).toBeUndefined();
    expect(stats.failures[0]!.status).toBeUndefined();
    expectCountsAddUp(trace, 'C', 'call');
  });

  test('error name, HTTP status and normalized message identify a failure; the first message is the example', () => {
    const trace = new Trace();
    const client = trace.decorate(
      {
        getVolume(id: string, status: number, name: string): never {
          const error = new ServerFault(`Volume ${id} failed`, status);
          error.name = name;
          throw error;
        },
      },
      { name: 'VolumesClient' },
    );
    const a = '3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
    const b = '9c1b7d2e-2c3d-4e5f-9a01-b2c3d4e5f6a7';
    const calls: [string, number, string][] = [
      [a, 500, 'ServerFault'],
      [b, 500, 'ServerFault'],
      [a, 503, 'ServerFault'],
      [b, 500, 'ServiceUnavailable'],
      ['vol-1', 500, 'ServerFault'],
    ];
    for (const call of calls) expect(() => client.getVolume(...call)).toThrow();
    const failures = trace.stats.get('VolumesClient', 'getVolume')!.failures;
    const rows = failures.map((f) => [f.count, f.name, f.status, f.normalizedMessage, f.message]);
    const sorted = (list: unknown[][]) => list.map((row) => JSON.stringify(row)).sort();
    expect(sorted(rows)).toEqual(
      sorted([
        [2, 'ServerFault', 500, 'Volume {id} failed', `Volume ${a} failed`],
        [1, 'ServerFault', 500, 'Volume vol-1 failed', 'Volume vol-1 failed'],
        [1, 'ServerFault', 503, 'Volume {id} failed', `Volume ${a} failed`],
        [1, 'ServiceUnavailable', 500, 'Volume {id} failed', `Volume ${b} failed`],
      ]),
    );
  });

  test('a `statusCode` counts as the status; a non-integer status is not one', () => {
    const trace = new Trace();
    const client = trace.decorate(
      {
        call(status: unknown): never {
          throw Object.assign(new Error('x'), { statusCode: status });
        },
      },
      { name: 'C' },
    );
    for (const status of [429, '429', 4.5]) expect(() => client.call(status)).toThrow();
    const failures = trace.stats.get('C', 'call')!.failures;
    expect(failures.map((f) => [f.count, f.status])).toEqual([
      [2, undefined],
      [1, 429],
    ]);
  });

  test('the same fault thrown through timers, immediates, next ticks and microtasks is ONE trace', async () => {
    const hops: Record<string, () => Promise<void>> = {
      microtask: () => Promise.resolve(),
      tick: () => new Promise((resolve) => process.nextTick(resolve)),
      timer: () => new Promise((resolve) => setTimeout(resolve, 1)),
      immediate: () => new Promise((resolve) => setImmediate(resolve)),
    };
    const trace = new Trace();
    const check = (id: string): never => {
      throw new ServerFault(`Volume ${id} failed: req-3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6`, 500);
    };
    const client = trace.decorate(
      {
        async getVolume(hop: string): Promise<never> {
          await hops[hop]!();
          return check('3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6');
        },
      },
      { name: 'VolumesClient' },
    );
    // A scenario's frames above the waiter, as in a stress run: the stacks are full (ten frames).
    const waitForVolumeStatus = async (hop: string) => await client.getVolume(hop);
    const step = async (hop: string) => await waitForVolumeStatus(hop);
    const iteration = async (hop: string) => await step(hop);
    const worker = async (hop: string) => await iteration(hop);
    const stacks = new Set<string>();
    const run = async (hop: string) => {
      try {
        await worker(hop);
      } catch (error) {
        stacks.add((error as Error).stack!.replace(/\(index \d+\)/, ''));
      }
    };
    await Promise.all(Object.keys(hops).flatMap((hop) => [run(hop), run(hop), run(hop)]));
    // The raw stacks differ: Node's scheduling frames appear on some and not on others.
    expect(stacks.size).toBeGreaterThan(1);
    expect([...stacks].some((stack) => /listOnTimeout|processTicksAndRejections/.test(stack))).toBe(true);
    const stats = trace.stats.get('VolumesClient', 'getVolume')!;
    expect(stats.fail).toBe(12);
    expect(stats.failures.map((f) => f.stack).join('\n=====\n')).toBe(stats.failures[0]!.stack);
    expect(stats.failures[0]).toMatchObject({ count: 12, name: 'ServerFault', status: 500 });
  }, 30_000);

  test('Node frames are left out of the identity, user and library frames are not', () => {
    const trace = new Trace();
    const framesOf = (frames: string[]) =>
      `ServerFault: boom\n${frames.map((f) => `    at ${f}`).join('\n')}`;
    const stacks = [
      framesOf(['check (/app/v.js:1:1)', 'async waitFor (/app/w.js:2:2)']),
      framesOf(['check (/app/v.js:1:1)', 'emit (node:events:519:28)', 'async waitFor (/app/w.js:2:2)']),
      framesOf([
        'check (/app/v.js:1:1)',
        'node:internal/main/run_main_module:28:49',
        'async waitFor (/app/w.js:2:2)',
      ]),
      // A library frame is part of the identity: another trace.
      framesOf([
        'check (/app/v.js:1:1)',
        'send (/app/node_modules/undici/lib/x.js:3:3)',
        'async waitFor (/app/w.js:2:2)',
      ]),
      // Another user frame: another trace.
      framesOf(['check (/app/v.js:1:1)', 'async waitFor (/app/w.js:9:9)']),
    ];
    const client = trace.decorate(
      {
        call(stack: string): never {
          throw Object.assign(new ServerFault('boom', 500), { stack });
        },
      },
      { name: 'C' },
    );
    for (const stack of stacks) expect(() => client.call(stack)).toThrow();
    expect(trace.stats.get('C', 'call')!.failures.map((f) => f.count)).toEqual([3, 1, 1]);
  });

  test('only the first stackTraceLimit - 3 frames of user code identify a failure', () => {
    const trace = new Trace();
    const frames = Array.from({ length: 10 }, (_, i) => `    at f${i} (/app/f.js:${i}:1)`);
    const client = trace.decorate(
      {
        call(stack: string): never {
          throw Object.assign(new Error('x'), { stack });
        },
      },
      { name: 'C' },
    );
    const limit = Error.stackTraceLimit;
    try {
      Error.stackTraceLimit = 10;
      // Differs in the 8th frame: another trace. Differs in the 9th: the same one.
      const changed = (index: number) => frames.map((f, i) => (i === index ? `${f}x` : f));
      for (const lines of [frames, changed(7), changed(6)]) {
        expect(() => client.call(`Error: x\n${lines.join('\n')}`)).toThrow();
      }
    } finally {
      Error.stackTraceLimit = limit;
    }
    expect(trace.stats.get('C', 'call')!.failures.map((f) => f.count)).toEqual([2, 1]);
  });

  test(`stack and message text kept per trace is capped at ${MAX_TRACE_TEXT} characters, with a note`, () => {
    const trace = new Trace();
    const huge = 'x'.repeat(1_000_000);
    const client = trace.decorate(
      {
        call(): never {
          throw new Error(huge);
        },
      },
      { name: 'C' },
    );
    for (let i = 0; i < 2; i++) expect(() => client.call()).toThrow(huge);
    const [failure] = trace.stats.get('C', 'call')!.failures;
    expect(failure!.count).toBe(2);
    const note = /\n\[truncated (\d+) characters\]$/;
    expect(failure!.stack.length).toBeLessThan(MAX_TRACE_TEXT + 40);
    expect(failure!.stack.startsWith(`Error: ${'x'.repeat(100)}`)).toBe(true);
    expect(Number(note.exec(failure!.stack)![1])).toBeGreaterThan(1_000_000 - MAX_TRACE_TEXT);
    expect(failure!.message!.length).toBe(MAX_TRACE_TEXT + '\n[truncated 934464 characters]'.length);
    expect(failure!.message).toMatch(/\n\[truncated 934464 characters\]$/);
    expect(failure!.normalizedMessage).toBe(failure!.message);
  });
});

describe('in-flight calls', () => {
  test('a call whose promise never settles shows as in flight in Stats and its JSON', async () => {
    const trace = new Trace();
    let release: () => void = () => {};
    const client = trace.decorate(
      {
        hang: () => new Promise<void>(() => {}),
        later: () =>
          new Promise<void>((resolve) => {
            release = resolve;
          }),
        fails: async () => {
          throw new Error('x');
        },
      },
      { name: 'C' },
    );
    void client.hang();
    void client.hang();
    const later = client.later();
    await expect(client.fails()).rejects.toThrow('x');
    expect(trace.stats.get('C', 'hang')).toMatchObject({ pass: 0, fail: 0, inFlight: 2 });
    expect(trace.stats.get('C', 'later')).toMatchObject({ inFlight: 1 });
    expect(trace.stats.get('C', 'fails')).toMatchObject({ fail: 1, inFlight: 0 });
    const doc = trace.stats.toJSON();
    expect(doc.methods.map((m) => [m.method, m.inFlight])).toEqual([
      ['fails', undefined],
      ['hang', 2],
      ['later', 1],
    ]);
    release();
    await later;
    expect(trace.stats.get('C', 'later')).toMatchObject({ pass: 1, inFlight: 0 });
    // Merged runs add their calls still running at the end.
    expect(trace.stats.merge(doc).get('C', 'hang')!.inFlight).toBe(4);
  });
});
