import { afterEach, describe, expect, test } from 'vitest';
import { Stats } from './stats';
import { Trace } from './trace';

class NotFound extends Error {
  override name = 'NotFound';
}

class BaseClient {
  inherited(): string {
    return 'base';
  }
}

class VolumesClient extends BaseClient {
  calls = 0;
  secretField = 'data';
  _hidden(): string {
    return 'hidden';
  }
  get computed(): string {
    throw new Error('accessors must not be invoked');
  }
  getVolume(id: string): { id: string; owner: unknown } {
    this.calls++;
    if (id === 'missing') throw new NotFound(`Volume ${id} could not be found.`);
    return { id, owner: this };
  }
  async getVolumeAsync(id: string): Promise<{ id: string }> {
    await Promise.resolve();
    if (id === 'missing') throw new NotFound(`Volume ${id} could not be found.`);
    return { id };
  }
  isResourceDeleted(id: string): boolean {
    try {
      this.getVolume(id);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
  }
  isResourceDeletedLater(id: string): boolean {
    try {
      this.getVolume(id);
      return false;
    } catch {
      return true;
    }
  }
  /** A waiter that polls through timers and callbacks: no caller frame of it is on the error's stack. */
  waitForServerTermination(id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        this.getVolumeAsync(id).then(
          () => reject(new Error('still there')),
          (error: unknown) => (error instanceof NotFound ? resolve() : reject(error)),
        );
      }, 1);
    });
  }
}

describe('Trace.decorate: which methods are counted', () => {
  test('wraps own and inherited public methods, not constructor, _names, symbols or accessors', () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    client.getVolume('a');
    client.inherited();
    client._hidden();
    client.isResourceDeleted('a');
    expect(trace.stats.methods().map((m) => `${m.method}:${m.pass}`)).toEqual([
      'getVolume:2',
      'inherited:1',
      'isResourceDeleted:1',
    ]);
    expect(Object.keys(client)).toEqual(['calls', 'secretField']);
    expect(JSON.stringify(client)).toBe('{"calls":2,"secretField":"data"}');
  });

  test('this, arguments and return values pass through unchanged', () => {
    const client = new Trace().decorate(new VolumesClient());
    const result = client.getVolume('x');
    expect(result.owner).toBe(client);
    expect(result.id).toBe('x');
    expect(client.calls).toBe(1);
  });

  test('keeps the enumerability of own function properties', () => {
    const plain = { list: () => [1, 2], size: 3 };
    new Trace().decorate(plain, { name: 'Plain' });
    expect(Object.keys(plain)).toEqual(['list', 'size']);
  });

  test('two instances of one class add up; decorating twice does not double count', () => {
    const trace = new Trace();
    const a = trace.decorate(new VolumesClient());
    const b = trace.decorate(new VolumesClient());
    trace.decorate(a);
    new Trace({ stats: trace.stats }).decorate(a);
    a.getVolume('1');
    b.getVolume('2');
    expect(trace.stats.get('VolumesClient', 'getVolume')?.pass).toBe(2);
  });

  test('an object already decorated keeps counting into its first Trace: a second one with other Stats counts nothing', () => {
    const first = new Trace();
    const second = new Trace();
    const client = first.decorate(new VolumesClient());
    second.decorate(client);
    client.getVolume('1');
    expect(first.stats.get('VolumesClient', 'getVolume')?.pass).toBe(1);
    expect(second.stats.methods()).toEqual([]);
  });

  test('name option overrides the constructor name', () => {
    const trace = new Trace();
    trace.decorate(new VolumesClient(), { name: 'Volumes' }).getVolume('1');
    expect(trace.stats.get('Volumes', 'getVolume')?.pass).toBe(1);
  });

  test.each([
    [null, 'Trace.decorate expects an object, got null'],
    [undefined, 'Trace.decorate expects an object, got undefined'],
    [42, 'Trace.decorate expects an object, got number 42'],
    ['client', 'Trace.decorate expects an object, got string "client"'],
  ])('decorate(%s) throws a TypeError saying what was passed', (value, message) => {
    expect(() => new Trace().decorate(value as never)).toThrow(new TypeError(message));
  });

  test('decorate of a frozen object throws a TypeError that says so', () => {
    expect(() => new Trace().decorate(Object.freeze(new VolumesClient()))).toThrow(/frozen/);
  });
});

describe('Trace: pass and fail', () => {
  test('a return is a pass, a throw a failure, and the same error object is rethrown', () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    let thrown: unknown;
    try {
      client.getVolume('missing');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NotFound);
    const stats = trace.stats.get('VolumesClient', 'getVolume')!;
    expect([stats.pass, stats.fail]).toEqual([0, 1]);
    expect(stats.failures[0]).toMatchObject({
      count: 1,
      name: 'NotFound',
      message: 'Volume missing could not be found.',
    });
    expect(stats.failures[0]!.stack).toBe((thrown as Error).stack);
  });

  test('a resolved promise is a pass, a rejection a failure with the same error', async () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    await expect(client.getVolumeAsync('a')).resolves.toEqual({ id: 'a' });
    const error = await client.getVolumeAsync('missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFound);
    const stats = trace.stats.get('VolumesClient', 'getVolumeAsync')!;
    expect([stats.pass, stats.fail]).toEqual([1, 1]);
    expect(stats.latency.count).toBe(2);
  });

  test('any thenable counts like a promise', async () => {
    const trace = new Trace();
    const client = trace.decorate({
      // biome-ignore lint/suspicious/noThenProperty: a custom thenable is exactly what this test needs
      thenable: () => ({ then: (ok: (v: number) => void) => ok(7) }),
    });
    await expect(client.thenable()).resolves.toBe(7);
    expect(trace.stats.get('Object', 'thenable')?.pass).toBe(1);
  });

  describe('unhandled rejections', () => {
    const seen: unknown[] = [];
    const onUnhandled = (reason: unknown) => seen.push(reason);
    afterEach(() => {
      process.off('unhandledRejection', onUnhandled);
    });
    test('a rejection nobody handles stays unhandled', async () => {
      process.on('unhandledRejection', onUnhandled);
      const listeners = process.listeners('unhandledRejection');
      for (const l of listeners) if (l !== onUnhandled) process.off('unhandledRejection', l);
      const client = new Trace().decorate(new VolumesClient());
      void client.getVolumeAsync('missing');
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (const l of listeners) if (l !== onUnhandled) process.on('unhandledRejection', l);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeInstanceOf(NotFound);
    });
  });

  test('a thrown non-Error is counted with a stack captured at the wrapper', () => {
    const trace = new Trace();
    const client = trace.decorate({
      explode: () => {
        throw 'plain string';
      },
    });
    expect(() => client.explode()).toThrow('plain string');
    const failure = trace.stats.get('Object', 'explode')!.failures[0]!;
    expect(failure.stack).toContain('non-Error thrown: string "plain string"');
    expect(failure.stack).toMatch(/\n\s+at /);
  });
});

describe('Trace: whitelist', () => {
  test('NotFound under isResourceDeleted is a pass (error stack frame)', () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    expect(client.isResourceDeleted('missing')).toBe(true);
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 1, fail: 0 });
  });

  test('matches whole names only: isResourceDeletedLater does not whitelist', () => {
    const trace = new Trace({ whitelist: ['isResourceDeleted'] });
    // Not decorated as whitelisted (different name), and its frame name differs.
    const client = trace.decorate(new VolumesClient());
    client.isResourceDeletedLater('missing');
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 0, fail: 1 });
  });

  test('a waiter polling through timers whitelists its callees (logical caller context)', async () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    await client.waitForServerTermination('missing');
    expect(trace.stats.get('VolumesClient', 'getVolumeAsync')).toMatchObject({ pass: 1, fail: 0 });
    expect(trace.stats.get('VolumesClient', 'waitForServerTermination')).toMatchObject({ pass: 1, fail: 0 });
  });

  test('the same poll outside the waiter is a failure', async () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    await client.getVolumeAsync('missing').catch(() => undefined);
    expect(trace.stats.get('VolumesClient', 'getVolumeAsync')).toMatchObject({ pass: 0, fail: 1 });
  });

  test('a whitelisted method that fails itself is a failure', async () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    await expect(client.waitForServerTermination('present')).rejects.toThrow('still there');
    expect(trace.stats.get('VolumesClient', 'waitForServerTermination')).toMatchObject({ pass: 0, fail: 1 });
  });

  test.each([
    ['Class.method string', ['VolumesClient.isResourceDeletedLater']],
    ['RegExp per frame name', [/DeletedLater$/]],
  ])('a %s whitelists', (_label, whitelist) => {
    const trace = new Trace({ whitelist });
    const client = trace.decorate(new VolumesClient());
    client.isResourceDeletedLater('missing');
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 1, fail: 0 });
  });

  test('a plain function named like a whitelisted method, not decorated, whitelists through its stack frame', () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    function isResourceDeleted(): void {
      try {
        client.getVolume('missing');
      } catch {}
    }
    isResourceDeleted();
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 1, fail: 0 });
  });

  test("an undecorated async isResourceDeleted whitelists through V8's async frames", async () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    async function isResourceDeleted(id: string): Promise<boolean> {
      try {
        await client.getVolumeAsync(id);
        return false;
      } catch {
        return true;
      }
    }
    expect(await isResourceDeleted('missing')).toBe(true);
    expect(trace.stats.get('VolumesClient', 'getVolumeAsync')).toMatchObject({ pass: 1, fail: 0 });
    await client.getVolumeAsync('missing').catch(() => undefined);
    expect(trace.stats.get('VolumesClient', 'getVolumeAsync')).toMatchObject({ pass: 1, fail: 1 });
  });

  test('bad whitelist entries fail early', () => {
    expect(() => new Trace({ whitelist: [''] })).toThrow(/non-empty strings or RegExps/);
    expect(() => new Trace({ whitelist: 'isResourceDeleted' as never })).toThrow(/must be an array/);
  });
});

describe('Trace: failure traces and robustness', () => {
  test('failure traces are deduplicated by stack and bounded, the rest still counted', () => {
    const trace = new Trace({ maxFailureTraces: 2 });
    const client = trace.decorate({
      fail(site: number) {
        const makers = [() => new Error('a'), () => new Error('b'), () => new Error('c')];
        throw makers[site]!();
      },
    });
    for (let i = 0; i < 10; i++) {
      try {
        client.fail(i % 3);
      } catch {}
    }
    const stats = trace.stats.get('Object', 'fail')!;
    expect(stats.fail).toBe(10);
    expect(stats.failures).toHaveLength(2);
    expect(stats.failures.reduce((sum, f) => sum + f.count, 0) + stats.droppedFailures).toBe(10);
    expect(stats.failures[0]!.lastAt).toBeGreaterThanOrEqual(stats.failures[0]!.firstAt);
  });

  test("a failure's stack is read once; under a whitelisted caller it is not read at all", async () => {
    let reads = 0;
    const countingError = () => {
      const error = new NotFound('Volume x could not be found.');
      const stack = error.stack;
      Object.defineProperty(error, 'stack', {
        get: () => {
          reads++;
          return stack;
        },
      });
      return error;
    };
    const trace = new Trace();
    const client = trace.decorate({
      getVolume(): never {
        throw countingError();
      },
      async isResourceDeleted(): Promise<boolean> {
        await new Promise((resolve) => setTimeout(resolve, 1));
        try {
          this.getVolume();
          return false;
        } catch {
          return true;
        }
      },
    });
    expect(() => client.getVolume()).toThrow(NotFound);
    expect(reads).toBe(1);
    expect(await client.isResourceDeleted()).toBe(true);
    expect(reads).toBe(1);
    expect(trace.stats.get('Object', 'getVolume')).toMatchObject({ pass: 1, fail: 1 });
  });

  test('failures with messages that differ each call are all counted, their traces bounded', () => {
    const trace = new Trace({ maxFailureTraces: 3 });
    const client = trace.decorate({
      fail(id: number): never {
        throw new Error(`volume ${id} failed`);
      },
    });
    for (let id = 0; id < 100; id++) {
      try {
        client.fail(id);
      } catch {}
    }
    const stats = trace.stats.get('Object', 'fail')!;
    expect(stats).toMatchObject({ pass: 0, fail: 100, droppedFailures: 97 });
    expect(stats.failures.map((f) => f.message)).toEqual([
      'volume 0 failed',
      'volume 1 failed',
      'volume 2 failed',
    ]);
  });

  test('a bookkeeping bug never changes what the caller sees', async () => {
    const trace = new Trace({ syncLatencySampling: 1 });
    const client = trace.decorate(new VolumesClient());
    const stats = trace.stats as unknown as Record<symbol, unknown>;
    // Corrupt the live record: its histogram and failure store now throw.
    const record = (
      Object.getOwnPropertySymbols(Object.getPrototypeOf(stats))
        .map((s) => stats[s])
        .find((f) => typeof f === 'function') as (c: string, m: string, n: number) => Record<string, unknown>
    ).call(stats, 'VolumesClient', 'getVolume', 20);
    record.latency = {
      record: () => {
        throw new Error('broken histogram');
      },
    };
    record.failures = {
      add: () => {
        throw new Error('broken failures');
      },
    };
    expect(client.getVolume('a').id).toBe('a');
    expect(() => client.getVolume('missing')).toThrow(NotFound);
  });

  test('shared Stats: several traces add up', () => {
    const stats = new Stats();
    new Trace({ stats }).decorate(new VolumesClient()).getVolume('a');
    new Trace({ stats }).decorate(new VolumesClient()).getVolume('b');
    expect(stats.get('VolumesClient', 'getVolume')?.pass).toBe(2);
  });

  test('latency is sampled after the first 256 calls: 1 call in N is timed, every call counted', async () => {
    const trace = new Trace({ syncLatencySampling: 8, asyncLatencySampling: 4 });
    const client = trace.decorate(new VolumesClient());
    for (let i = 0; i < 1280; i++) client.getVolume('a');
    for (let i = 0; i < 1280; i++) await client.getVolumeAsync('a');
    const sync = trace.stats.get('VolumesClient', 'getVolume')!;
    expect(sync.pass).toBe(1280);
    expect(sync.latency.count).toBe(256 + 1024 / 8);
    const async = trace.stats.get('VolumesClient', 'getVolumeAsync')!;
    expect(async.pass).toBe(1280);
    expect(async.latency.count).toBe(256 + 1024 / 4);
  });

  test('every call is timed with sampling 1', () => {
    const trace = new Trace({ syncLatencySampling: 1 });
    const client = trace.decorate(new VolumesClient());
    for (let i = 0; i < 300; i++) client.getVolume('a');
    expect(trace.stats.get('VolumesClient', 'getVolume')!.latency.count).toBe(300);
  });

  test('option errors name the option', () => {
    expect(() => new Trace({ maxFailureTraces: -1 })).toThrow(/maxFailureTraces/);
    expect(() => new Trace({ syncLatencySampling: 3 })).toThrow(/power of two/);
  });
});

describe('Trace: unusual methods and results', () => {
  test('a method with its own `apply` property is called, not that property', () => {
    const method = Object.assign((x: number) => x * 2, { apply: () => 'hijacked' });
    const client = new Trace().decorate({ method }, { name: 'Own' });
    expect(client.method(21)).toBe(42);
  });

  test('class-valued properties are left alone: `new` and instanceof still work', () => {
    class Inner {}
    const holder = { Inner, make: () => new Inner() };
    const trace = new Trace();
    trace.decorate(holder, { name: 'Holder' });
    expect(new holder.Inner()).toBeInstanceOf(Inner);
    expect(holder.make()).toBeInstanceOf(holder.Inner);
    expect(trace.stats.get('Holder', 'Inner')).toBeUndefined();
    expect(trace.stats.get('Holder', 'make')?.pass).toBe(1);
  });

  test('a writable, non-configurable method is wrapped; a read-only one keeps being read-only', () => {
    const target: { fixed?: () => number; readOnly?: () => number } = {};
    Object.defineProperty(target, 'fixed', {
      value: () => 1,
      writable: true,
      configurable: false,
      enumerable: true,
    });
    Object.defineProperty(target, 'readOnly', { value: () => 2, writable: false, configurable: true });
    const trace = new Trace();
    trace.decorate(target, { name: 'Odd' });
    expect(target.fixed!()).toBe(1);
    expect(target.readOnly!()).toBe(2);
    expect(trace.stats.get('Odd', 'fixed')?.pass).toBe(1);
    expect(trace.stats.get('Odd', 'readOnly')?.pass).toBe(1);
    expect(Object.getOwnPropertyDescriptor(target, 'fixed')).toMatchObject({
      configurable: false,
      enumerable: true,
    });
    expect(Object.getOwnPropertyDescriptor(target, 'readOnly')?.writable).toBe(false);
  });

  test('a thenable that cannot be followed (traps that throw) is handed back unchanged', () => {
    const exotic = new Proxy(
      // biome-ignore lint/suspicious/noThenProperty: an exotic thenable is exactly what this test needs
      { then: () => undefined },
      {
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    const client = new Trace().decorate({ exotic: () => exotic }, { name: 'Exotic' });
    expect(client.exotic()).toBe(exotic);
  });

  test('a non-Promise thenable that rejects is a failure, with the same reason object', async () => {
    const reason = new Error('thenable rejected');
    // biome-ignore lint/suspicious/noThenProperty: a custom thenable is exactly what this test needs
    const thenable = { then: (_: unknown, reject: (e: unknown) => void) => reject(reason) };
    const trace = new Trace();
    const client = trace.decorate({ later: () => thenable }, { name: 'Thenable' });
    await expect(client.later()).rejects.toBe(reason);
    expect(trace.stats.get('Thenable', 'later')).toMatchObject({ pass: 0, fail: 1 });
  });

  test('a rejection reason passes through as the same object', async () => {
    const reason = new NotFound('gone');
    const client = new Trace().decorate({ later: async () => Promise.reject(reason) }, { name: 'Same' });
    await expect(client.later()).rejects.toBe(reason);
  });
});

describe('Trace: bookkeeping that fails still counts the failure', () => {
  test('a normalizeStack that throws: the raw stack is kept', () => {
    const trace = new Trace({
      normalizeStack: () => {
        throw new Error('normalizer bug');
      },
    });
    const failing = trace.decorate(
      {
        fail(): never {
          throw new Error('boom');
        },
      },
      { name: 'N2' },
    );
    expect(() => failing.fail()).toThrow('boom');
    const stats = trace.stats.get('N2', 'fail')!;
    expect(stats.fail).toBe(1);
    expect(stats.failures[0]!.stack).toContain('Error: boom');
  });

  test('an error whose stack getter throws is still counted as a failure', () => {
    const error = new Error('unreadable');
    Object.defineProperty(error, 'stack', {
      get() {
        throw new Error('no stack for you');
      },
    });
    const trace = new Trace();
    const client = trace.decorate(
      {
        fail(): never {
          throw error;
        },
      },
      { name: 'Unreadable' },
    );
    let caught: unknown;
    try {
      client.fail();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    const stats = trace.stats.get('Unreadable', 'fail')!;
    expect(stats.fail).toBe(1);
    expect(stats.failures[0]!.stack).toMatch(/^Error: error whose stack cannot be read/);
  });
});

describe('Trace: non-Error throws and shared whitelisted callers', () => {
  test("a thrown non-Error gets a stack captured at the wrapper: it starts at the traced call's caller", () => {
    const trace = new Trace();
    const client = trace.decorate(
      {
        fail(): never {
          throw 'a string';
        },
      },
      { name: 'Thrower' },
    );
    function callerOfTheTracedMethod() {
      try {
        client.fail();
      } catch {}
    }
    callerOfTheTracedMethod();
    const [failure] = trace.stats.get('Thrower', 'fail')!.failures;
    const lines = failure!.stack.split('\n');
    expect(lines[0]).toBe('Error: non-Error thrown: string "a string"');
    expect(lines[1]).toMatch(/^\s+at callerOfTheTracedMethod /);
  });

  test('a whitelisted method decorated by one Trace whitelists failures of methods decorated by another', async () => {
    const stats = new Stats();
    const volumes = new Trace({ stats }).decorate(new VolumesClient());
    const waiter = new Trace({ stats }).decorate(
      {
        // Polls through a timer and callbacks: no frame of it is on the error's stack, only the
        // shared context can tell that the failure happened under it.
        isResourceDeleted(): Promise<boolean> {
          return new Promise((resolve) => {
            setTimeout(() => {
              volumes.getVolumeAsync('missing').then(
                () => resolve(false),
                () => resolve(true),
              );
            }, 1);
          });
        },
      },
      { name: 'Waiter' },
    );
    expect(await waiter.isResourceDeleted()).toBe(true);
    expect(stats.get('VolumesClient', 'getVolumeAsync')).toMatchObject({ pass: 1, fail: 0 });
  });
});

describe('Trace: constructors and non-Error rejections', () => {
  test('a method that is also a constructor keeps working with `new` (uncounted) and is traced as a call', () => {
    function Legacy(this: { x?: number }, x: number) {
      this.x = x;
    }
    class Modern {}
    const Bound = Modern.bind(null);
    const holder = { Legacy, Bound, Date };
    const trace = new Trace();
    trace.decorate(holder, { name: 'Ctors' });
    const legacy = new (holder.Legacy as unknown as new (x: number) => { x: number })(1);
    expect(legacy).toBeInstanceOf(Legacy);
    expect(legacy).toBeInstanceOf(holder.Legacy);
    expect(legacy.x).toBe(1);
    expect(new holder.Bound()).toBeInstanceOf(Modern);
    expect(new holder.Date(0).getTime()).toBe(0);
    const target: { x?: number } = {};
    holder.Legacy.call(target, 2);
    expect(target.x).toBe(2);
    expect(trace.stats.get('Ctors', 'Legacy')).toMatchObject({ pass: 1, fail: 0 });
  });

  test('a non-Error rejection gets the same trace, timed or not, without the tracer in it', async () => {
    const trace = new Trace({ asyncLatencySampling: 2 });
    const client = trace.decorate(
      {
        async reject(): Promise<never> {
          throw 'boom';
        },
      },
      { name: 'Rejecter' },
    );
    for (let i = 0; i < 400; i++) await client.reject().catch(() => undefined);
    const stats = trace.stats.get('Rejecter', 'reject')!;
    expect(stats.fail).toBe(400);
    // Timed and untimed calls settle in different handlers: they must not split the trace (only the
    // very first call, whose caller is still starting up, may differ in its async frames).
    expect(stats.failures[0]!.count).toBeGreaterThanOrEqual(399);
    expect(stats.failures[0]!.stack).toMatch(/^Error: non-Error thrown: string "boom"/);
    expect(stats.failures[0]!.stack).not.toMatch(/stackOf|#failed|settle|fail(Un)?[Tt]imed/);
  });
});
