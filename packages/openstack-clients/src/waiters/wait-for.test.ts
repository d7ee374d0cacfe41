import { describe, expect, test } from 'vitest';
import { WaiterTimeout } from '../errors';
import { type PollResult, type ResolvedWaiter, waitFor } from './wait-for';

/** A waiter whose sleep only moves its own clock. */
function clockedWaiter(timeoutMs: number): ResolvedWaiter {
  let now = 0;
  return {
    intervalMs: 1_000,
    timeoutMs,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

const what = { resourceType: 'volume', resourceId: 'v-1', waitedFor: 'deletion' };

/** Answers the scripted poll results in turn, repeating the last. */
function scripted(results: PollResult<never>[]): () => Promise<PollResult<never>> {
  let i = 0;
  return async () => results[Math.min(i++, results.length - 1)]!;
}

describe('waitFor', () => {
  test('the timeout names the last status and the request of the last poll that had one', async () => {
    const poll = scripted([
      {
        done: false,
        status: 'deleting',
        request: { method: 'GET', url: '/volumes/v-1', requestId: 'req-1' },
      },
      {
        done: false,
        status: 'deleting',
        request: { method: 'GET', url: '/volumes/v-1', requestId: 'req-2' },
      },
      { done: false },
    ]);
    const error = await waitFor(clockedWaiter(3_000), what, poll).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaiterTimeout);
    expect(error).toMatchObject({
      lastStatus: 'deleting',
      method: 'GET',
      url: '/volumes/v-1',
      requestId: 'req-2',
      waitedSeconds: 3,
    });
    expect((error as Error).message).toBe(
      'Volume v-1 did not reach deletion within 3 s; last status seen: deleting (GET /volumes/v-1, request id req-2)',
    );
  });

  test('with nothing seen, the message says only what was awaited and for how long', async () => {
    const error = await waitFor(clockedWaiter(2_000), what, scripted([{ done: false }])).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe('Volume v-1 did not reach deletion within 2 s');
    expect(error).toMatchObject({ lastStatus: undefined, requestId: undefined, method: undefined });
  });
});
