import { FakeCloud } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { EndpointNotFound } from './errors';
import { InProcessTransport } from './http/in-process-transport';
import type { Transport, TransportRequest } from './http/transport';
import { Manager } from './manager';

/**
 * A fake cloud whose Keystone publishes only identity and block storage, as a cloud with Cinder and
 * no Nova or Neutron does: every issued token's catalog loses its compute and network entries.
 */
function cinderOnlyCloud() {
  const fake = new FakeCloud({ timeScale: 0 });
  const inner = new InProcessTransport(fake);
  const requests: TransportRequest[] = [];
  const transport: Transport = {
    async request(request) {
      requests.push(request);
      const response = await inner.request(request);
      if (request.method !== 'POST' || !request.url.includes('/auth/tokens') || response.status !== 201)
        return response;
      const body = JSON.parse(response.body) as { token: { catalog?: { type: string }[] } };
      body.token.catalog = body.token.catalog?.filter((e) => e.type !== 'compute' && e.type !== 'network');
      return { ...response, body: JSON.stringify(body) };
    },
  };
  const manager = Manager.fromFakeCloud(fake, {
    transport,
    client: { waiter: { intervalMs: 1, timeoutMs: 5_000 } },
  });
  return { manager, requests };
}

describe('a cloud with Cinder and no Nova or Neutron', () => {
  test('volumes, snapshots, types, limits and quotas work; nothing asks for compute or network', async () => {
    const { manager, requests } = cinderOnlyCloud();
    const { volumesClient, snapshotsClient } = manager;
    const volume = await volumesClient.createVolume({ size: 1, name: 'cinder-only' });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    const snapshot = await snapshotsClient.createSnapshot({ volumeId: volume.id, name: 'cinder-only' });
    await snapshotsClient.waitForSnapshotStatus(snapshot.id, 'available');
    await snapshotsClient.deleteSnapshot(snapshot.id);
    await snapshotsClient.waitForResourceDeletion(snapshot.id);
    await volumesClient.deleteVolume(volume.id);
    await volumesClient.waitForResourceDeletion(volume.id);
    await manager.volumeTypesClient.listVolumeTypes();
    await manager.volumeLimitsClient.showLimits();
    await manager.volumeQuotasClient.showQuotaSet();
    const paths = requests.map((r) => new URL(r.url).pathname);
    expect(paths.filter((p) => p.startsWith('/compute') || p.startsWith('/networking'))).toEqual([]);
    await manager.close();
  });

  test('a compute or network call is a typed EndpointNotFound naming the service, and sends nothing', async () => {
    const { manager, requests } = cinderOnlyCloud();
    await manager.volumesClient.listVolumes();
    const sent = requests.length;
    const compute = await manager.serversClient.listServers().catch((e: unknown) => e);
    const keypairs = await manager.keypairsClient.listKeypairs().catch((e: unknown) => e);
    const network = await manager.floatingIpsClient.listFloatingIps().catch((e: unknown) => e);
    expect(compute).toBeInstanceOf(EndpointNotFound);
    expect(compute).toMatchObject({ code: 'OPENSTACK_ENDPOINT_NOT_FOUND', service: 'compute' });
    expect((compute as Error).message).toMatch(/No compute endpoint .*services: .*volumev3/);
    expect(keypairs).toMatchObject({ code: 'OPENSTACK_ENDPOINT_NOT_FOUND', service: 'compute' });
    expect(network).toMatchObject({ code: 'OPENSTACK_ENDPOINT_NOT_FOUND', service: 'network' });
    expect(requests).toHaveLength(sent);
    await manager.close();
  });
});
