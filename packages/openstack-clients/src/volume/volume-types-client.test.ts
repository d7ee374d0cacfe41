import { describe, expect, test } from 'vitest';
import { clockedCloud } from '../../test/support/clocked-cloud';
import { WaiterTimeout } from '../errors';

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
