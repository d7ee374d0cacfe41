import { Trace } from '@track/core';
import { FakeCloud, osEnvironment } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { Manager } from '../manager';

/** A manager over a fake whose transitions take no time, with every client traced. */
function tracedCloud() {
  const fake = new FakeCloud({ timeScale: 0 });
  const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1, timeoutMs: 5_000 } } });
  const admin = Manager.fromFakeCloud({
    exchange: (request) => fake.exchange(request),
    environment: osEnvironment(fake.adminCredentials),
  });
  const trace = new Trace();
  for (const client of Object.values(manager.clients())) trace.decorate(client);
  trace.decorate(admin.volumeTypesClient);
  return { fake, manager, admin, stats: trace.stats };
}

/**
 * Replaces `client[method]` by a pass-through that keeps the stack of every error it rejects with:
 * the stack @track/core's whitelist reads when no traced whitelisted caller is known.
 */
function keepStacks(client: object, method: string): string[] {
  const stacks: string[] = [];
  const target = client as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]!.bind(client);
  target[method] = async (...args: unknown[]) => {
    try {
      return await original(...args);
    } catch (error) {
      stacks.push(String((error as Error).stack));
      throw error;
    }
  };
  return stacks;
}

describe('the shared waiters under Trace', () => {
  test("a traced client's NotFound during isResourceDeleted is a pass, for every resource", async () => {
    const { fake, manager, admin, stats } = tracedCloud();
    const { volumesClient, snapshotsClient, serversClient, keypairsClient } = manager;
    const volume = await volumesClient.createVolume({ size: 1, name: 'gone' });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    const snapshot = await snapshotsClient.createSnapshot({ volumeId: volume.id, name: 'gone' });
    await snapshotsClient.waitForSnapshotStatus(snapshot.id, 'available');
    await snapshotsClient.deleteSnapshot(snapshot.id);
    await snapshotsClient.waitForResourceDeletion(snapshot.id);
    await volumesClient.deleteVolume(volume.id);
    await volumesClient.waitForResourceDeletion(volume.id);
    const server = await serversClient.createServer({
      name: 'gone',
      flavorRef: fake.computeDefaults.flavorId,
      imageRef: fake.computeDefaults.imageId,
    });
    await serversClient.waitForServerStatus(server.id, 'ACTIVE');
    await serversClient.deleteServer(server.id);
    await serversClient.waitForResourceDeletion(server.id);
    await serversClient.waitForServerTermination(server.id);
    await keypairsClient.createKeypair({ name: 'gone' });
    await keypairsClient.deleteKeypair('gone');
    expect(await keypairsClient.isResourceDeleted('gone')).toBe(true);
    const type = await admin.volumeTypesClient.createVolumeType({ name: 'gone' });
    await admin.volumeTypesClient.deleteVolumeType(type.id);
    await admin.volumeTypesClient.waitForResourceDeletion(type.id);

    for (const [client, getter] of [
      ['VolumesClient', 'getVolume'],
      ['SnapshotsClient', 'getSnapshot'],
      ['ServersClient', 'getServer'],
      ['KeypairsClient', 'getKeypair'],
      ['VolumeTypesClient', 'getVolumeType'],
    ] as const) {
      expect(stats.get(client, getter), `${client}.${getter}`).toMatchObject({ fail: 0 });
      expect(stats.get(client, 'isResourceDeleted'), `${client}.isResourceDeleted`).toMatchObject({
        fail: 0,
      });
    }
    expect(stats.get('ServersClient', 'waitForServerTermination')).toMatchObject({ pass: 1, fail: 0 });
    // The same NotFound outside a whitelisted method is a failure.
    await volumesClient.getVolume(volume.id).catch(() => undefined);
    expect(stats.get('VolumesClient', 'getVolume')).toMatchObject({ fail: 1 });
  });

  test('isResourceDeleted and waitForServerTermination are frames on the stack of the NotFound', async () => {
    const { fake, manager } = tracedCloud();
    const { volumesClient, serversClient } = manager;
    const volume = await volumesClient.createVolume({ size: 1, name: 'gone' });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    await volumesClient.deleteVolume(volume.id);
    const volumeStacks = keepStacks(volumesClient, 'getVolume');
    await volumesClient.waitForResourceDeletion(volume.id);

    const server = await serversClient.createServer({
      name: 'gone',
      flavorRef: fake.computeDefaults.flavorId,
      imageRef: fake.computeDefaults.imageId,
    });
    await serversClient.waitForServerStatus(server.id, 'ACTIVE');
    await serversClient.deleteServer(server.id);
    const serverStacks = keepStacks(serversClient, 'getServer');
    await serversClient.waitForServerTermination(server.id);

    expect(volumeStacks).toHaveLength(1);
    expect(volumeStacks[0]).toMatch(/^\s+at (async )?VolumesClient\.isResourceDeleted /m);
    expect(serverStacks).toHaveLength(1);
    expect(serverStacks[0]).toMatch(/^\s+at (async )?ServersClient\.waitForServerTermination /m);
  });
});
