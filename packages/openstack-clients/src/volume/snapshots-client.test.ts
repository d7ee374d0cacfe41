import { describe, expect, test } from 'vitest';
import { clockedCloud } from '../../test/support/clocked-cloud';
import { ResourceErrorStatus, WaiterTimeout } from '../errors';
import type { Manager } from '../manager';

/** An available volume and a snapshot of it, being deleted. */
async function deletingSnapshot(manager: Manager) {
  const { volumesClient, snapshotsClient } = manager;
  const volume = await volumesClient.createVolume({ size: 1 });
  await volumesClient.waitForVolumeStatus(volume.id, 'available');
  const snapshot = await snapshotsClient.createSnapshot({ volumeId: volume.id });
  await snapshotsClient.waitForSnapshotStatus(snapshot.id, 'available');
  await snapshotsClient.deleteSnapshot(snapshot.id);
  return snapshot;
}

describe('SnapshotsClient deletion waiter', () => {
  test('a snapshot in error_deleting fails the wait at once instead of waiting out the timeout', async () => {
    const { manager, clock, lastGet } = clockedCloud({
      delays: { volumeCreate: 0, snapshotCreate: 0, snapshotDelete: 2_000 },
      outcomes: { snapshotErrorDeleting: 1 },
    });
    const snapshot = await deletingSnapshot(manager);
    const start = clock.now();

    const error = await manager.snapshotsClient.waitForResourceDeletion(snapshot.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResourceErrorStatus);
    expect(error).toMatchObject({
      code: 'OPENSTACK_RESOURCE_ERROR_STATUS',
      resourceType: 'snapshot',
      resourceId: snapshot.id,
      resourceStatus: 'error_deleting',
      method: 'GET',
      url: `/snapshots/${snapshot.id}`,
      requestId: lastGet().response.headers['x-openstack-request-id'],
    });
    expect((error as Error).message).toMatch(/failed to delete \(status error_deleting\); an admin must/);
    // The first poll after the backend gave up, not the 300 s timeout.
    expect(clock.now() - start).toBe(2_000);
  });

  test('isResourceDeleted throws on error_deleting rather than answering false forever', async () => {
    const { fake, manager } = clockedCloud({
      delays: { volumeCreate: 0, snapshotCreate: 0 },
      outcomes: { snapshotErrorDeleting: 1 },
    });
    const snapshot = await deletingSnapshot(manager);
    expect(await manager.snapshotsClient.isResourceDeleted(snapshot.id)).toBe(false);
    fake.settle(); // the backend gives up: error_deleting
    await expect(manager.snapshotsClient.isResourceDeleted(snapshot.id)).rejects.toBeInstanceOf(
      ResourceErrorStatus,
    );
  });

  test('a deletion that outlasts the timeout names the last status and the GET that saw it', async () => {
    const { manager, lastGet } = clockedCloud({
      delays: { volumeCreate: 0, snapshotCreate: 0, snapshotDelete: 60_000 },
    });
    const snapshot = await deletingSnapshot(manager);

    const error = await manager.snapshotsClient
      .waitForResourceDeletion(snapshot.id, { timeoutMs: 5_000 })
      .catch((e: unknown) => e);

    const requestId = lastGet().response.headers['x-openstack-request-id'];
    expect(error).toBeInstanceOf(WaiterTimeout);
    expect(error).toMatchObject({
      lastStatus: 'deleting',
      method: 'GET',
      url: `/snapshots/${snapshot.id}`,
      requestId,
    });
    expect((error as Error).message).toBe(
      `Snapshot ${snapshot.id} did not reach deletion within 5 s; last status seen: deleting (GET /snapshots/${snapshot.id}, request id ${requestId})`,
    );
  });
});
