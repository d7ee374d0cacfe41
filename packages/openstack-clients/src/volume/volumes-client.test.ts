import { describe, expect, test } from 'vitest';
import { clockedCloud } from '../../test/support/clocked-cloud';
import { ResourceErrorStatus, WaiterTimeout } from '../errors';

describe('VolumesClient waiters', () => {
  test('a deletion that outlasts the timeout names the last status and the GET that saw it', async () => {
    const { manager, lastGet } = clockedCloud({ delays: { volumeCreate: 0, volumeDelete: 60_000 } });
    const { volumesClient } = manager;
    const volume = await volumesClient.createVolume({ size: 1 });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    await volumesClient.deleteVolume(volume.id);

    const error = await volumesClient
      .waitForResourceDeletion(volume.id, { timeoutMs: 5_000 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WaiterTimeout);
    const requestId = lastGet().response.headers['x-openstack-request-id'];
    expect(requestId).toMatch(/^req-/);
    expect(error).toMatchObject({
      code: 'OPENSTACK_WAITER_TIMEOUT',
      resourceId: volume.id,
      waitedFor: 'deletion',
      lastStatus: 'deleting',
      method: 'GET',
      url: `/volumes/${volume.id}`,
      requestId,
    });
    expect((error as Error).message).toBe(
      `Volume ${volume.id} did not reach deletion within 5 s; last status seen: deleting (GET /volumes/${volume.id}, request id ${requestId})`,
    );
    expect((error as WaiterTimeout).toJSON()).toMatchObject({ lastStatus: 'deleting', requestId });
  });

  test('a volume in error_deleting fails the deletion wait at once, with the GET that saw it', async () => {
    const { manager, clock, lastGet } = clockedCloud({
      delays: { volumeCreate: 0, volumeDelete: 2_000 },
      outcomes: { volumeErrorDeleting: 1 },
    });
    const { volumesClient } = manager;
    const volume = await volumesClient.createVolume({ size: 1 });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    await volumesClient.deleteVolume(volume.id);
    const start = clock.now();

    const error = await volumesClient.waitForResourceDeletion(volume.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResourceErrorStatus);
    expect(error).toMatchObject({
      code: 'OPENSTACK_RESOURCE_ERROR_STATUS',
      resourceId: volume.id,
      resourceStatus: 'error_deleting',
      method: 'GET',
      url: `/volumes/${volume.id}`,
      requestId: lastGet().response.headers['x-openstack-request-id'],
    });
    // Failed on the first poll after the backend gave up, not at the 300 s timeout.
    expect(clock.now() - start).toBe(2_000);
  });

  test('a volume that goes to error fails waitForVolumeStatus with the request id of that GET', async () => {
    const { manager, lastGet } = clockedCloud({ delays: { volumeCreate: 0 }, outcomes: { volumeError: 1 } });
    const volume = await manager.volumesClient.createVolume({ size: 1 });

    const error = await manager.volumesClient
      .waitForVolumeStatus(volume.id, 'available')
      .catch((e: unknown) => e);

    const requestId = lastGet().response.headers['x-openstack-request-id'];
    expect(error).toBeInstanceOf(ResourceErrorStatus);
    expect(error).toMatchObject({
      resourceStatus: 'error',
      method: 'GET',
      url: `/volumes/${volume.id}`,
      requestId,
    });
    expect((error as Error).message).toContain(`request id ${requestId}`);
  });

  test('a status wait that times out carries the last GET', async () => {
    const { manager, lastGet } = clockedCloud({ delays: { volumeCreate: 60_000 } });
    const volume = await manager.volumesClient.createVolume({ size: 1 });

    const error = await manager.volumesClient
      .waitForVolumeStatus(volume.id, 'available', { timeoutMs: 3_000 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WaiterTimeout);
    expect(error).toMatchObject({
      lastStatus: 'creating',
      method: 'GET',
      url: `/volumes/${volume.id}`,
      requestId: lastGet().response.headers['x-openstack-request-id'],
    });
  });
});
