import { getEventListeners } from 'node:events';
import { ServerFault } from '@track/openstack-clients';
import { describe, expect, test, vi } from 'vitest';
import type { Scenario } from '../scenarios/scenario';
import { ResourceJournal } from './resource-journal';
import { newProgress } from './run-engine';
import { backoffMs, errorGroup, recordIterationError, runParts } from './runner';

function run(
  scenario: Scenario,
  options: { workers?: number; iterations?: number; stop?: AbortSignal; abort?: AbortSignal } = {},
) {
  const p = newProgress();
  const done = runParts(
    {
      manager: {} as never,
      journal: new ResourceJournal('unit1'),
      compute: { flavorRef: 'f', imageRef: 'i' },
      parts: [{ scenario, workers: options.workers ?? 1, kwargs: {} }],
      ...(options.iterations !== undefined ? { iterations: options.iterations } : { durationMs: 600_000 }),
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

  test('a failing setUp is retried instead of ending the worker', async () => {
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

  test('a worker that keeps failing backs off, and a stop ends the pause at once', async () => {
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
      // The worker now sleeps a 1 s pause on a fake clock that no longer moves: only the stop ends it.
      stop.abort();
      await done;
      expect(p.stoppedBy).toBe('signal');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('abort signal listeners', () => {
  test('many workers waiting at once add one listener to the run signal, and remove it at the end', async () => {
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
    const { done } = run(scenario, { workers: 30, iterations: 30, abort: abort.signal });
    await done;
    expect(peak).toBe(1);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});

describe('backoff pauses and the run signals', () => {
  test('workers backing off at once add one listener each to the stop and abort signals', async () => {
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
      workers: 30,
      iterations: 90,
      stop: stop.signal,
      abort: abort.signal,
    });
    await done;
    expect(p.iterationsFailed).toBe(60);
    expect(peak).toBe(1);
  });
});
