import { getEventListeners } from 'node:events';
import { ServerFault } from '@track/openstack-clients';
import { describe, expect, test, vi } from 'vitest';
import type { Scenario } from '../scenarios/scenario';
import { ResourceJournal } from './resource-journal';
import { newProgress } from './run-engine';
import { backoffMs, errorGroup, recordIterationError, runParts } from './runner';

function run(
  scenario: Scenario,
  options: {
    concurrency?: number;
    iterations?: number;
    stop?: AbortSignal;
    abort?: AbortSignal;
    drainMs?: number;
    durationMs?: number;
  } = {},
) {
  const p = newProgress();
  const done = runParts(
    {
      manager: {} as never,
      journal: new ResourceJournal('unit1'),
      compute: { flavorRef: 'f', imageRef: 'i' },
      parts: [{ scenario, concurrency: options.concurrency ?? 1, kwargs: {} }],
      ...(options.iterations !== undefined
        ? { iterations: options.iterations }
        : { durationMs: options.durationMs ?? 600_000 }),
      ...(options.drainMs !== undefined ? { drainMs: options.drainMs } : {}),
      stopSignal: options.stop ?? new AbortController().signal,
      abortSignal: options.abort ?? new AbortController().signal,
      seed: 1,
    },
    p,
  );
  return { progress: p, done };
}

const fault = (id: string, status: number) =>
  new ServerFault(
    `POST http://cloud.example/volume/v3/${'a'.repeat(32)}/volumes/${id} failed with ${status}: boom (request id req-${id})`,
    {
      status,
      method: 'POST',
      url: `http://cloud.example/volume/v3/${'a'.repeat(32)}/volumes/${id}`,
    },
  );

describe('the end-of-run failure summary', () => {
  test('groups failures by error, code, method, path and status, not by message ids', () => {
    const p = newProgress();
    recordIterationError(p, fault('11111111-2222-3333-4444-555555555555', 503));
    recordIterationError(p, fault('99999999-2222-3333-4444-555555555555', 503));
    recordIterationError(p, fault('99999999-2222-3333-4444-555555555555', 500));
    expect([...p.iterationErrors.values()].sort()).toEqual([1, 2]);
    const [key] = [...p.iterationErrors].find(([, count]) => count === 2)!;
    expect(key).toMatch(
      /^ServerFault OPENSTACK_SERVER_FAULT POST \/volume\/v3\/\{id\}\/volumes\/\{id\} 503, e\.g\. /,
    );
    expect(key).not.toContain('11111111');
  });

  test.each([
    [new Error('Volume 11111111-2222-3333-4444-555555555555 is stuck'), 'Error: Volume {id} is stuck'],
    [new TypeError('kwargs.size must be a number'), 'TypeError: kwargs.size must be a number'],
  ])('plain errors group by name and message without ids: %s', (error, group) => {
    expect(errorGroup(error)).toBe(group);
  });
});

describe('backoff after failed iterations', () => {
  test.each([
    [0, 0],
    [1, 0],
    [2, 25],
    [3, 50],
    [6, 400],
    [8, 1000],
    [500, 1000],
  ])('after %i failures in a row the pause is at most %i ms', (failures, max) => {
    expect(backoffMs(failures, () => 0)).toBe(max);
    expect(backoffMs(failures, () => 0.99)).toBeGreaterThanOrEqual(Math.floor(max * 0.8));
  });

  test('a failing setUp is retried instead of ending the slot', async () => {
    let setUps = 0;
    const scenario: Scenario = {
      name: 'flaky-setup',
      description: '',
      async setUp() {
        if (++setUps < 3) throw new Error('setUp failed');
      },
      async iteration() {},
    };
    const { progress: p, done } = run(scenario, { iterations: 5 });
    await done;
    expect(setUps).toBe(3);
    expect(p.iterationsPassed).toBe(5);
    expect(p.iterationsFailed).toBe(2);
  });

  test('a slot that keeps failing backs off, and a stop ends the pause at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stop = new AbortController();
      const scenario: Scenario = {
        name: 'always-fails',
        description: '',
        async iteration() {
          throw new Error('broken');
        },
      };
      const { progress: p, done } = run(scenario, { stop: stop.signal });
      await vi.advanceTimersByTimeAsync(5_000);
      // Without backoff this hot loop ran hundreds of thousands of iterations.
      expect(p.iterationsFailed).toBeGreaterThan(5);
      expect(p.iterationsFailed).toBeLessThan(20);
      // The slot now sleeps a 1 s pause on a fake clock that no longer moves: only the stop ends it.
      stop.abort();
      await done;
      expect(p.stoppedBy).toBe('signal');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('abort signal listeners', () => {
  test('many slots waiting at once add one listener to the run signal, and remove it at the end', async () => {
    const abort = new AbortController();
    let peak = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let waiting = 0;
    const scenario: Scenario = {
      name: 'waits',
      description: '',
      async iteration(context) {
        context.signal.addEventListener('abort', () => undefined, { once: true });
        if (++waiting === 30) {
          peak = getEventListeners(abort.signal, 'abort').length;
          release();
        }
        await gate;
      },
    };
    const { done } = run(scenario, { concurrency: 30, iterations: 30, abort: abort.signal });
    await done;
    expect(peak).toBe(1);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});

describe('backoff pauses and the run signals', () => {
  test('slots backing off at once add one listener each to the stop and abort signals', async () => {
    const stop = new AbortController();
    const abort = new AbortController();
    let peak = 0;
    for (const signal of [stop.signal, abort.signal]) {
      const add = signal.addEventListener.bind(signal);
      signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
        add(...args);
        peak = Math.max(peak, getEventListeners(signal, 'abort').length);
      };
    }
    const scenario: Scenario = {
      name: 'fails-twice',
      description: '',
      async iteration(context) {
        context.state.calls = ((context.state.calls as number) ?? 0) + 1;
        if ((context.state.calls as number) <= 2) throw new Error('transient');
      },
    };
    const { progress: p, done } = run(scenario, {
      concurrency: 30,
      iterations: 90,
      stop: stop.signal,
      abort: abort.signal,
    });
    await done;
    expect(p.iterationsFailed).toBe(60);
    expect(peak).toBe(1);
  });
});

describe('the drain timeout', () => {
  /** A scenario whose iterations end only when aborted, or never when `ignoreAbort`. */
  function stuck(ignoreAbort: boolean): Scenario {
    return {
      name: 'stuck',
      description: '',
      iteration: (context) =>
        new Promise<void>((_, reject) => {
          if (!ignoreAbort) context.signal.addEventListener('abort', () => reject(context.signal.reason));
        }),
    };
  }

  test.each([
    ['that ignore the abort', true],
    ['that end on the abort', false],
  ])(
    'applies at the end of the duration: iterations %s are abandoned, not waited for',
    async (_name, ignoreAbort) => {
      const { progress: p, done } = run(stuck(ignoreAbort), { concurrency: 3, durationMs: 20, drainMs: 50 });
      await expect(done).resolves.toBe(3);
      expect(p.stoppedBy).toBe('duration');
      expect(p.iterationsAbandoned).toBe(3);
      expect(p.iterationsFailed).toBe(0);
    },
    10_000,
  );

  test('applies after the stop signal', async () => {
    const stop = new AbortController();
    const { progress: p, done } = run(stuck(true), { concurrency: 2, stop: stop.signal, drainMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    await expect(done).resolves.toBe(2);
    expect(p.stoppedBy).toBe('signal');
  }, 10_000);

  test('does not cut the iterations an --iterations budget started', async () => {
    const scenario: Scenario = {
      name: 'slow',
      description: '',
      iteration: () => new Promise((resolve) => setTimeout(resolve, 100)),
    };
    const { progress: p, done } = run(scenario, { concurrency: 2, iterations: 2, drainMs: 1 });
    await expect(done).resolves.toBe(0);
    expect(p.iterationsPassed).toBe(2);
  }, 10_000);
});
