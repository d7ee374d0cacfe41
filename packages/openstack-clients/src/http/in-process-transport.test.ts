import { FakeCloud } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { ConnectionError, RequestTimeout } from '../errors';
import { InProcessTransport } from './in-process-transport';

const versions = (fake: FakeCloud) => ({
  method: 'GET' as const,
  url: `${fake.credentials.authUrl.replace(/\/identity\/v3$/, '')}/volume/`,
  headers: {},
});

describe('InProcessTransport', () => {
  test('a reset of the fake is a ConnectionError naming ECONNRESET, as a socket reset is', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    fake.faults.add({ service: 'identity', connection: 'reset' });
    const error = await new InProcessTransport(fake)
      .request({ method: 'GET', url: fake.credentials.authUrl, headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('ECONNRESET');
  });

  test('a hung answer is a RequestTimeout once the deadline passes, even from a server that ignores the signal', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const transport = new InProcessTransport({ exchange: () => new Promise(() => undefined) });
    const error = await transport.request({ ...versions(fake), timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeout);
    expect((error as RequestTimeout).timeoutMs).toBe(20);
  });

  test("the caller's own abort rejects with the caller's reason, not a RequestTimeout", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    fake.faults.add({ service: 'block-storage', connection: 'hang' });
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = new InProcessTransport(fake).request({
      method: 'GET',
      url: `http://fake-cloud.invalid/volume/v3/${fake.projectId}/volumes`,
      headers: {},
      signal: controller.signal,
      timeoutMs: 60_000,
    });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  test('a closed fake refuses the connection', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    await fake.close();
    const error = await new InProcessTransport(fake).request(versions(fake)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
