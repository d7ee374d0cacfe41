import { describe, expect, test } from 'vitest';
import { WaiterTimeout } from '../errors';
import { FakeCloud } from '../fake/fake-cloud';
import type { FakeCloudOptions } from '../fake/fake-cloud-options';
import type { Transport, TransportRequest, TransportResponse } from '../http/transport';
import { Manager } from '../manager';

/**
 * A fake cloud and a Manager sharing one clock that only the waiters' sleeps move, so a wait of
 * minutes takes no time; the transport remembers the last answer to a GET.
 */
function clockedCloud(options: FakeCloudOptions = {}) {
  let now = Date.now();
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
  const delays = { tokenIssue: 0, ...options.delays };
  const fake = new FakeCloud({ timeScale: 1, jitter: 0, now: clock.now, ...options, delays });
  const last: { get?: { request: TransportRequest; response: TransportResponse } } = {};
  const inner = fake.transport();
  const transport: Transport = {
    async request(request) {
      const response = await inner.request(request);
      if (request.method === 'GET') last.get = { request, response };
      return response;
    },
  };
  const manager = Manager.fromFakeCloud(fake, {
    transport,
    client: { waiter: { ...clock, intervalMs: 1000, timeoutMs: 300_000 } },
  });
  return { fake, manager, clock, lastGet: () => last.get! };
}

describe('VolumeTypesClient deletion waiter', () => {
  test('a type that is still there at the timeout is reported present, with the GET that found it', async () => {
    const { manager, lastGet } = clockedCloud();
    const type = await manager.volumeTypesClient.getDefaultVolumeType();

    const error = await manager.volumeTypesClient
      .waitForResourceDeletion(type.id, { timeoutMs: 2_000 })
      .catch((e: unknown) => e);

    const requestId = lastGet().response.headers['x-openstack-request-id'];
    expect(error).toBeInstanceOf(WaiterTimeout);
    expect(error).toMatchObject({
      resourceType: 'volume type',
      lastStatus: 'present',
      method: 'GET',
      url: `/types/${type.id}`,
      requestId,
    });
    expect((error as Error).message).toContain(
      `last status seen: present (GET /types/${type.id}, request id ${requestId})`,
    );
  });
});
