import { FakeCloud, type FakeCloudOptions } from '@track/fake-openstack';
import { InProcessTransport } from '../../src/http/in-process-transport';
import type { Transport, TransportRequest, TransportResponse } from '../../src/http/transport';
import { Manager } from '../../src/manager';

/**
 * A fake cloud and a Manager sharing one clock that only the waiters' sleeps move, so a wait of
 * minutes takes no time; the transport remembers the last answer to a GET.
 */
export function clockedCloud(options: FakeCloudOptions = {}) {
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
  const inner = new InProcessTransport(fake);
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
