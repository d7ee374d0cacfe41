import { request as httpRequest } from 'node:http';
import { describe, expect, test } from 'vitest';
import { FakeCloud } from './fake-cloud';
import { RawOpenStack } from './fake-test-client';
import { FaultPresets } from './fault-rules';

describe('responseLost: the request takes effect, its answer is lost', () => {
  test('in-process, a reset after the create rejects with ECONNRESET and the volume exists', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    fake.faults.add({ ...FaultPresets.createResponseLost('POST /volumes'), times: 1 });
    await expect(
      raw.send('POST', 'cinder:/volumes', { volume: { size: 1, name: 'kept' } }),
    ).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(fake.resources().volumes).toEqual([{ id: expect.any(String), name: 'kept', status: 'creating' }]);
    expect(fake.counters().faultsInjected).toBe(1);
  });

  test('a connection fault before the service sees the request creates nothing', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    fake.faults.add({ route: 'POST /volumes', connection: 'reset', times: 1 });
    await expect(raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(fake.resources().volumes).toEqual([]);
  });

  test('in-process, a hang after the server create settles only on abort, and the server exists', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    fake.faults.add(FaultPresets.createResponseLost('POST /servers', 1, 'hang'));
    const { flavorId, imageId, networkId } = fake.computeDefaults;
    const controller = new AbortController();
    const pending = fake.exchange({
      method: 'POST',
      url: 'http://fake-cloud.invalid/compute/v2.1/servers',
      headers: { 'x-auth-token': raw.token, 'content-type': 'application/json' },
      body: JSON.stringify({
        server: { name: 'kept', flavorRef: flavorId, imageRef: imageId, networks: [{ uuid: networkId }] },
      }),
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.resources().servers.map((s) => s.name)).toEqual(['kept']);
    const reason = new Error('client gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  test('over HTTP, the socket closes without an answer and the volume exists', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const listening = await fake.listen({ port: 0 });
    try {
      const raw = await RawOpenStack.connect(fake, fake.credentialsAt(listening.url));
      fake.faults.add(FaultPresets.createResponseLost('POST /volumes'));
      const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
        const req = httpRequest(
          `${listening.url}/volume/v3/${raw.projectId}/volumes`,
          { method: 'POST', headers: { 'x-auth-token': raw.token, 'content-type': 'application/json' } },
          (res) => reject(new Error(`unexpected answer ${res.statusCode}`)),
        );
        req.on('error', resolve);
        req.end(JSON.stringify({ volume: { size: 1, name: 'kept' } }));
      });
      expect(error.code).toBe('ECONNRESET');
      expect(fake.resources().volumes.map((v) => v.name)).toEqual(['kept']);
    } finally {
      await listening.close();
    }
  });

  test('responseLost is validated and excludes the other outcomes', () => {
    const fake = new FakeCloud();
    expect(() => fake.faults.add({ responseLost: 'drop' as 'reset' })).toThrow(/'reset' or 'hang'/);
    expect(() => fake.faults.add({ responseLost: 'reset', status: 500 })).toThrow(/only one of/);
  });
});
