import { FakeCloud, FaultPresets } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { OverLimit, RequestTimeout, ServerFault } from '../errors';
import { fakeCloudConfig } from '../manager';
import { InProcessTransport } from './in-process-transport';
import { KeystoneSession } from './keystone-session';
import { RetryPolicy } from './retry-policy';

const unavailable = (retryAfter?: number) =>
  new ServerFault('GET /volumes failed with 503', {
    status: 503,
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });

describe('RetryPolicy', () => {
  test.each([
    ['lowest jitter', 0, 7_000],
    ['highest jitter', 1, 8_400],
  ])('a 503 with Retry-After 7 waits at least 7 s (%s)', (_case, random, delayMs) => {
    const policy = new RetryPolicy({ max: 2 }, () => random);
    expect(policy.decide(unavailable(7), 1, 'GET')).toEqual({ retry: true, delayMs, reason: 'status 503' });
  });

  test('a Retry-After longer than the policy allows is cut to maxDelayMs', () => {
    const policy = new RetryPolicy({ max: 2, maxDelayMs: 60_000 }, () => 1);
    expect(policy.decide(unavailable(600), 1, 'GET')).toMatchObject({ retry: true, delayMs: 60_000 });
  });

  test('a 503 without Retry-After backs off exponentially', () => {
    const policy = new RetryPolicy({ max: 3, baseDelayMs: 500 }, () => 0.5);
    expect(policy.decide(unavailable(), 1, 'GET')).toMatchObject({ delayMs: 500 });
    expect(policy.decide(unavailable(), 2, 'GET')).toMatchObject({ delayMs: 1_000 });
  });

  test('a 429 is never retried sooner than its Retry-After, whatever the jitter', () => {
    const policy = new RetryPolicy({ max: 1 }, () => 0);
    const rateLimited = new OverLimit('rate limited', { status: 429, retryAfter: 7 });
    expect(policy.decide(rateLimited, 1, 'GET')).toMatchObject({ retry: true, delayMs: 7_000 });
  });

  test('a jittered backoff never goes above maxDelayMs', () => {
    const policy = new RetryPolicy({ max: 10, baseDelayMs: 500, maxDelayMs: 2_000 }, () => 1);
    expect(policy.decide(unavailable(), 8, 'GET')).toMatchObject({ delayMs: 2_000 });
  });
});

describe('retries through a session', () => {
  test("a load balancer's 503 with Retry-After: 7 is retried after 7 s, not after the backoff", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    fake.faults.add({ ...FaultPresets.loadBalancer503(1, 7), times: 1 });
    const config = fakeCloudConfig(fake);
    const slept: number[] = [];
    const session = new KeystoneSession(config, new InProcessTransport(fake), {
      retries: { max: 1, baseDelayMs: 10 },
      sleep: async (ms) => {
        slept.push(ms);
      },
    });

    const response = await session.request('block-storage', 'GET', '/volumes');

    expect(response.status).toBe(200);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(7_000);
    expect(slept[0]).toBeLessThanOrEqual(8_400);
  });
});

describe('RetryPolicy.run', () => {
  test('retries what decide retries, with its delays, and returns the first success', async () => {
    const policy = new RetryPolicy({ max: 3, onStatuses: [500, 503], baseDelayMs: 100 }, () => 0.5);
    const slept: number[] = [];
    let calls = 0;
    const value = await policy.run(
      async () => {
        calls++;
        if (calls < 3) throw new ServerFault('boom', { status: 500, method: 'GET' });
        return 'ok';
      },
      { sleep: async (ms) => void slept.push(ms) },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(slept).toEqual([100, 200]);
  });

  test('throws the last error once the retries are spent, and never replays a POST after a timeout', async () => {
    const policy = new RetryPolicy({ max: 2, onStatuses: [500] }, () => 0.5);
    let calls = 0;
    const sleep = async () => undefined;
    await expect(
      policy.run(
        async () => {
          calls++;
          throw new ServerFault(`boom ${calls}`, { status: 500, method: 'DELETE' });
        },
        { sleep },
      ),
    ).rejects.toThrow('boom 3');
    calls = 0;
    await expect(
      policy.run(
        async () => {
          calls++;
          throw new RequestTimeout('slow', { method: 'POST', timeoutMs: 1 });
        },
        { sleep },
      ),
    ).rejects.toThrow('slow');
    expect(calls).toBe(1);
  });
});
