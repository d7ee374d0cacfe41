import { Trace } from '@track/core';
import {
  ConnectionError,
  Manager,
  OverLimit,
  ResourceErrorStatus,
  ServerFault,
  WaiterTimeout,
} from '@track/openstack-clients';
import { FakeCloud, FaultPresets } from '@track/openstack-clients/fake';
import { describe, expect, test } from 'vitest';
import { inProcessTarget, loopbackTarget } from './targets';

describe.each([
  ['in-process', inProcessTarget],
  ['loopback HTTP', loopbackTarget],
])('faults surface as typed errors (%s)', (_name, make) => {
  test('an injected 500 or 503 is a ServerFault of that call', async () => {
    const target = await make();
    target.fake!.faults.add({ route: 'GET /volumes/{volume_id}', status: 503, times: 1 });
    const volume = await target.manager.volumesClient.createVolume({ size: 1 });
    const error = await target.manager.volumesClient.getVolume(volume.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerFault);
    expect((error as ServerFault).status).toBe(503);
    await expect(target.manager.volumesClient.getVolume(volume.id)).resolves.toMatchObject({ id: volume.id });
    await target.close();
  });

  test('an HTML 502 page from a proxy is a ServerFault saying so', async () => {
    const target = await make();
    target.fake!.faults.add({ service: 'block-storage', status: 502, body: 'html', times: 1 });
    const error = await target.manager.volumesClient.listVolumes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerFault);
    expect((error as Error).message).toMatch(/HTML page/);
    await target.close();
  });

  test('a malformed JSON body on success is a ServerFault, not a crash', async () => {
    const target = await make();
    target.fake!.faults.add({ service: 'block-storage', status: 500, body: 'malformed-json', times: 1 });
    await expect(target.manager.volumesClient.listVolumes()).rejects.toBeInstanceOf(ServerFault);
    await target.close();
  });

  test('a volume that ends in error fails the waiter at once with its id and status', async () => {
    const target = await make({ timeScale: 0, outcomes: { volumeError: 1 } });
    const volume = await target.manager.volumesClient.createVolume({ size: 1 });
    const error = await target.manager.volumesClient
      .waitForVolumeStatus(volume.id, 'available')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceErrorStatus);
    expect(error).toMatchObject({
      resourceId: volume.id,
      resourceStatus: 'error',
      code: 'OPENSTACK_RESOURCE_ERROR_STATUS',
    });
    await target.close();
  });

  test('a stuck transition ends in a WaiterTimeout saying what it waited for and last saw', async () => {
    const target = await make({ timeScale: 0, outcomes: { stuck: 1 } });
    const volume = await target.manager.volumesClient.createVolume({ size: 1 });
    const error = await target.manager.volumesClient
      .waitForVolumeStatus(volume.id, 'available', { intervalMs: 1, timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaiterTimeout);
    expect((error as Error).message).toMatch(
      new RegExp(`Volume ${volume.id} did not reach status available within .* last status seen: creating`),
    );
    await target.close();
  });

  test('quota exceeded (413, Retry-After 0) is an OverLimit and is never retried', async () => {
    const target = await make({ timeScale: 0, quotas: { volumes: 1 } });
    const manager = target.manager;
    await manager.volumesClient.createVolume({ size: 1 });
    const error = await manager.volumesClient.createVolume({ size: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverLimit);
    expect((error as OverLimit).retryAfter).toBe(0);
    expect((error as Error).message).toContain("exceeded for quota 'volumes'");
    expect(target.fake!.counters().byRoute['POST /volumes']).toBe(2);
    await target.close();
  });
});

describe('retries (opt-in) and re-authentication', () => {
  test('a rate limit with Retry-After is retried up to the bound, each attempt reported', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    fake.faults.add(FaultPresets.cinderRateLimit(1, 1));
    const events: number[] = [];
    const manager = Manager.fromFakeCloud(fake, {
      retries: { max: 2, minRetryAfterMs: 1, maxDelayMs: 5 },
      onRetry: (e) => events.push(e.attempt),
    });
    const error = await manager.volumesClient.listVolumes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverLimit);
    expect(events).toEqual([1, 2]);
    expect(fake.counters().byRoute['GET /volumes']).toBe(3);
  });

  test('without retries configured nothing is retried', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    fake.faults.add(FaultPresets.tooManyRequests(1, 1));
    const manager = Manager.fromFakeCloud(fake);
    await expect(manager.volumesClient.listVolumes()).rejects.toBeInstanceOf(OverLimit);
    expect(fake.counters().byRoute['GET /volumes']).toBe(1);
  });

  test('a revoked token gets one re-authentication and the call succeeds', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const manager = Manager.fromFakeCloud(fake);
    await manager.volumesClient.listVolumes();
    fake.expireTokens();
    await expect(manager.volumesClient.listVolumes()).resolves.toEqual([]);
    expect(fake.counters().tokensIssued).toBe(2);
    expect(manager.session.reauthentications).toBe(1);
  });

  test('a token about to expire is renewed before use, once for concurrent callers', async () => {
    let now = Date.parse('2026-11-25T00:00:00Z');
    const fake = new FakeCloud({ timeScale: 0, now: () => now, tokenTtlSeconds: 600 });
    const manager = Manager.fromFakeCloud(fake);
    await manager.volumesClient.listVolumes();
    now += 500_000; // 100 s left: under the 120 s renewal threshold
    await Promise.all(Array.from({ length: 10 }, () => manager.volumesClient.listVolumes()));
    expect(fake.counters().tokensIssued).toBe(2);
  });

  test('an unreachable endpoint is a ConnectionError naming it', async () => {
    const fake = new FakeCloud();
    const listening = await fake.listen();
    await listening.close();
    const manager = await Manager.fromEnv({
      OS_AUTH_URL: `${listening.url}/identity/v3`,
      OS_USERNAME: 'demo',
      OS_PASSWORD: 'x-password-x',
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
    });
    const error = await manager.volumesClient.listVolumes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(listening.url);
    await manager.close();
  });
});

describe('tracing the clients', () => {
  test('Trace counts every call and whitelists NotFound inside isResourceDeleted and waitForServerTermination', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1, timeoutMs: 5000 } } });
    const trace = new Trace();
    for (const client of Object.values(manager.clients())) trace.decorate(client);
    const { volumesClient, serversClient } = manager;
    const volume = await volumesClient.createVolume({ size: 1, name: 'traced' });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    await volumesClient.deleteVolume(volume.id);
    await volumesClient.waitForResourceDeletion(volume.id);
    const server = await serversClient.createServer({
      name: 'traced',
      flavorRef: fake.computeDefaults.flavorId,
      imageRef: fake.computeDefaults.imageId,
    });
    await serversClient.waitForServerStatus(server.id, 'ACTIVE');
    await serversClient.deleteServer(server.id);
    await serversClient.waitForServerTermination(server.id);
    await volumesClient.getVolume(volume.id).catch(() => undefined); // a real failure
    const stats = trace.stats;
    expect(stats.get('VolumesClient', 'getVolume')).toMatchObject({ fail: 1 });
    expect(stats.get('VolumesClient', 'getVolume')!.pass).toBeGreaterThanOrEqual(3);
    expect(stats.get('VolumesClient', 'isResourceDeleted')!.fail).toBe(0);
    expect(stats.get('ServersClient', 'getServer')!.fail).toBe(0);
    expect(stats.get('ServersClient', 'waitForServerTermination')).toMatchObject({ pass: 1, fail: 0 });
    expect(stats.get('VolumesClient', 'createVolume')).toMatchObject({ pass: 1, fail: 0 });
    expect(stats.methods().some((m) => m.method.startsWith('_'))).toBe(false);
  });
});
