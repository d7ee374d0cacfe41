import { describe, expect, test } from 'vitest';
import { clockedCloud } from '../../test/support/clocked-cloud';
import { ResourceErrorStatus, WaiterTimeout } from '../errors';

describe('ServersClient waiters', () => {
  test('a deletion that outlasts the timeout names the last status, task and GET', async () => {
    const { fake, manager, lastGet } = clockedCloud({ delays: { serverBuild: 0, serverDelete: 60_000 } });
    const { serversClient } = manager;
    const server = await serversClient.createServer({
      name: 'slow-delete',
      flavorRef: fake.computeDefaults.flavorId,
      imageRef: fake.computeDefaults.imageId,
      networks: 'none',
    });
    await serversClient.waitForServerStatus(server.id, 'ACTIVE');
    await serversClient.deleteServer(server.id);

    const error = await serversClient
      .waitForResourceDeletion(server.id, { timeoutMs: 5_000 })
      .catch((e: unknown) => e);

    const requestId = lastGet().response.headers['x-openstack-request-id'];
    expect(error).toBeInstanceOf(WaiterTimeout);
    expect(error).toMatchObject({
      resourceType: 'server',
      waitedFor: 'deletion',
      lastStatus: 'ACTIVE (task deleting)',
      method: 'GET',
      url: `/servers/${server.id}`,
      requestId,
    });
    expect((error as Error).message).toBe(
      `Server ${server.id} did not reach deletion within 5 s; last status seen: ACTIVE (task deleting) (GET /servers/${server.id}, request id ${requestId})`,
    );
  });

  test('a server that fails to build is a ResourceErrorStatus with the fault and the GET that saw it', async () => {
    const { fake, manager, lastGet } = clockedCloud({
      delays: { serverBuild: 0 },
      outcomes: { serverError: 1 },
    });
    const server = await manager.serversClient.createServer({
      name: 'doomed',
      flavorRef: fake.computeDefaults.flavorId,
      imageRef: fake.computeDefaults.imageId,
      networks: 'none',
    });

    const error = await manager.serversClient
      .waitForServerStatus(server.id, 'ACTIVE')
      .catch((e: unknown) => e);

    const requestId = lastGet().response.headers['x-openstack-request-id'];
    expect(error).toBeInstanceOf(ResourceErrorStatus);
    expect(error).toMatchObject({
      resourceStatus: 'ERROR',
      method: 'GET',
      url: `/servers/${server.id}`,
      requestId,
    });
    expect((error as ResourceErrorStatus).fault).toBeTruthy();
    expect((error as Error).message).toContain(`request id ${requestId}`);
  });
});
