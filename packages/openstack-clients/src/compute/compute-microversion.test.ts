import { FakeCloud } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { MicroversionUnsupported, ServerFault } from '../errors';
import { InProcessTransport } from '../http/in-process-transport';
import type { Transport, TransportRequest, TransportResponse } from '../http/transport';
import { Manager } from '../manager';
import { advertisedRange, COMPUTE_MICROVERSION_CAP, pickMicroversion } from './compute-microversion';

/**
 * A manager over a fake cloud whose transport records every request; `versionDocument` (when given)
 * answers the GET on the compute endpoint in place of the fake, as a cloud of another release would.
 */
function recordedCloud(versionDocument?: (request: TransportRequest) => TransportResponse | undefined) {
  const fake = new FakeCloud({ timeScale: 0 });
  const inner = new InProcessTransport(fake);
  const requests: TransportRequest[] = [];
  const transport: Transport = {
    async request(request) {
      requests.push(request);
      const isVersionGet = request.method === 'GET' && new URL(request.url).pathname === '/compute/v2.1';
      return (isVersionGet ? versionDocument?.(request) : undefined) ?? inner.request(request);
    },
  };
  const manager = Manager.fromFakeCloud(fake, { transport });
  const serverCreates = () =>
    requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/servers'));
  const versionGets = () =>
    requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname === '/compute/v2.1');
  return { fake, manager, requests, serverCreates, versionGets };
}

const doc = (max: string): TransportResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ version: { id: 'v2.1', status: 'CURRENT', version: max, min_version: '2.1' } }),
});

describe('the compute version document', () => {
  test('one version, a list of versions, or none', () => {
    expect(advertisedRange({ version: { id: 'v2.1', version: '2.104', min_version: '2.1' } })).toEqual({
      minimum: '2.1',
      maximum: '2.104',
    });
    expect(
      advertisedRange({
        versions: [
          { id: 'v2.0', version: '', min_version: '' },
          { id: 'v2.1', version: '2.79', min_version: '2.1' },
        ],
      }),
    ).toEqual({ minimum: '2.1', maximum: '2.79' });
    expect(advertisedRange({ version: { id: 'v2.0', version: '' } })).toEqual({
      minimum: '2.1',
      maximum: '2.1',
    });
    expect(advertisedRange(undefined)).toEqual({ minimum: '2.1', maximum: '2.1' });
  });

  test('the highest version both sides support, compared as numbers (2.104 > 2.37 > 2.5)', () => {
    expect(pickMicroversion({ minimum: '2.1', maximum: '2.104' }, '2.37').version).toBe('2.37');
    expect(pickMicroversion({ minimum: '2.1', maximum: '2.25' }, '2.37').version).toBe('2.25');
    expect(pickMicroversion({ minimum: '2.1', maximum: '2.5' }, '2.37').version).toBe('2.5');
  });
});

describe('ServersClient microversion negotiation', () => {
  test('networks "none" goes out as the string at the negotiated microversion, in both headers', async () => {
    const { fake, manager, serverCreates, versionGets } = recordedCloud();
    const created = await manager.serversClient.createServer({
      name: 'no-network',
      flavorRef: fake.computeDefaults.flavorId,
      imageRef: fake.computeDefaults.imageId,
      networks: 'none',
    });
    const [post] = serverCreates();
    expect(JSON.parse(post!.body!).server.networks).toBe('none');
    expect(post!.headers['openstack-api-version']).toBe(`compute ${COMPUTE_MICROVERSION_CAP}`);
    expect(post!.headers['x-openstack-nova-api-version']).toBe(COMPUTE_MICROVERSION_CAP);
    expect(versionGets()).toHaveLength(1);
    const server = await manager.serversClient.getServer(created.id);
    expect(server.addresses).toEqual({});
    expect(await manager.serversClient.computeVersions()).toEqual({
      version: COMPUTE_MICROVERSION_CAP,
      minimum: '2.1',
      maximum: '2.93',
    });
    expect(versionGets()).toHaveLength(1);
  });

  test('a list of network ids goes out as [{uuid}], and no networks as "auto" (Nova requires one from 2.37)', async () => {
    const { fake, manager, serverCreates } = recordedCloud();
    const base = { flavorRef: fake.computeDefaults.flavorId, imageRef: fake.computeDefaults.imageId };
    await manager.serversClient.createServer({
      ...base,
      name: 'listed',
      networks: [fake.computeDefaults.networkId],
    });
    await manager.serversClient.createServer({ ...base, name: 'default' });
    const [listed, unspecified] = serverCreates().map((r) => JSON.parse(r.body!).server.networks);
    expect(listed).toEqual([{ uuid: fake.computeDefaults.networkId }]);
    expect(unspecified).toBe('auto');
  });

  test('concurrent first calls share one version GET', async () => {
    const { manager, versionGets } = recordedCloud();
    await Promise.all([
      manager.serversClient.listServers(),
      manager.serversClient.listServers(),
      manager.serversClient.listServersDetail(),
    ]);
    expect(versionGets()).toHaveLength(1);
  });

  test('below 2.37, "none" is a MicroversionUnsupported naming both versions, and nothing is sent', async () => {
    const { fake, manager, serverCreates } = recordedCloud(() => doc('2.25'));
    const error = await manager.serversClient
      .createServer({
        name: 'old-cloud',
        flavorRef: fake.computeDefaults.flavorId,
        imageRef: fake.computeDefaults.imageId,
        networks: 'none',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MicroversionUnsupported);
    expect(error).toMatchObject({
      code: 'OPENSTACK_MICROVERSION_UNSUPPORTED',
      service: 'compute',
      required: '2.37',
      maximum: '2.25',
    });
    expect((error as Error).message).toMatch(
      /networks "none" needs compute microversion 2\.37.*at most 2\.25/,
    );
    expect(serverCreates()).toHaveLength(0);
  });

  test('below 2.37, a server without networks is sent without them, at the cloud maximum', async () => {
    const { fake, manager, serverCreates } = recordedCloud(() => doc('2.25'));
    await manager.serversClient.createServer({
      name: 'old-cloud',
      flavorRef: fake.computeDefaults.flavorId,
      imageRef: fake.computeDefaults.imageId,
    });
    const [post] = serverCreates();
    expect(JSON.parse(post!.body!).server).not.toHaveProperty('networks');
    expect(post!.headers['openstack-api-version']).toBe('compute 2.25');
  });

  test('a failed version GET fails that call only: the next call negotiates again', async () => {
    let failures = 1;
    const { manager, versionGets } = recordedCloud(() =>
      failures-- > 0
        ? {
            status: 503,
            headers: { 'content-type': 'application/json' },
            body: '{"computeFault":{"code":503,"message":"busy"}}',
          }
        : undefined,
    );
    await expect(manager.serversClient.listServers()).rejects.toBeInstanceOf(ServerFault);
    await expect(manager.serversClient.listServers()).resolves.toEqual([]);
    expect(versionGets()).toHaveLength(2);
  });

  test('an endpoint that serves no version document (404) is taken as the base version 2.1', async () => {
    const { manager, requests } = recordedCloud(() => ({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"itemNotFound":{"code":404,"message":"The resource could not be found."}}',
    }));
    await manager.serversClient.listServers();
    expect(requests.at(-1)!.headers['openstack-api-version']).toBe('compute 2.1');
  });
});
