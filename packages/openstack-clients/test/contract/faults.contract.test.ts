import { Trace } from '@track/core';
import { FakeCloud, FaultPresets } from '@track/fake-openstack';
import {
  ConnectionError,
  Forbidden,
  Manager,
  type ManagerOptions,
  OverLimit,
  RequestTimeout,
  ResourceErrorStatus,
  type RetryEvent,
  ServerFault,
  WaiterTimeout,
} from '@track/openstack-clients';
import { describe, expect, test } from 'vitest';
import { type ContractTarget, inProcessTarget, loopbackTarget } from './targets';

type FakeOptions = ConstructorParameters<typeof FakeCloud>[0];

/** What one case saw besides its outcome: retries announced, the id of the resource it waited on. */
interface Probe {
  retries: RetryEvent[];
  resourceId?: string;
  /** Moves the fake's clock (when the case gave the fake {@link manualClock}'s `now`). */
  advanceClock?: (ms: number) => void;
}

/** One fault and what a client user must see: the typed error, or a call that recovers. */
interface FaultCase {
  name: string;
  /** Options of the fake (default `{ timeScale: 0 }`); a function, so each run gets its own clock. */
  fake?: (probe: Probe) => FakeOptions;
  /** Options of the manager under test. */
  manager?: (probe: Probe) => ManagerOptions;
  /** Adds faults and drives the clients; its promise settles with the outcome under test. */
  act: (target: ContractTarget, probe: Probe) => Promise<unknown>;
  /** The typed error expected, or `'recovers'` when the call must succeed. */
  outcome: (abstract new (...args: never[]) => Error) | 'recovers';
  /** Further checks of the error (or the value) and of what the fake counted. */
  check?: (result: unknown, target: ContractTarget, probe: Probe) => void | Promise<void>;
}

const fastRetries = (probe: Probe, max = 2): ManagerOptions => ({
  retries: { max, baseDelayMs: 1, minRetryAfterMs: 1, maxDelayMs: 5 },
  onRetry: (event) => probe.retries.push(event),
});

/** A clock for the fake that the case moves by hand, starting now (the client keeps real time). */
function manualClock(probe: Probe): () => number {
  let ms = Date.now();
  probe.advanceClock = (by) => {
    ms += by;
  };
  return () => ms;
}

const cases: FaultCase[] = [
  {
    name: 'an injected 503 on a Cinder route is a ServerFault of that call only',
    act: async ({ fake, manager }) => {
      fake!.faults.add({ route: 'GET /volumes/{volume_id}', status: 503, times: 1 });
      const volume = await manager.volumesClient.createVolume({ size: 1 });
      const error = await manager.volumesClient.getVolume(volume.id).catch((e: unknown) => e);
      await expect(manager.volumesClient.getVolume(volume.id)).resolves.toMatchObject({ id: volume.id });
      throw error;
    },
    outcome: ServerFault,
    check: (error) => expect((error as ServerFault).status).toBe(503),
  },
  {
    name: 'a 503 on Keystone token issue is a ServerFault, and the next call authenticates',
    act: async ({ fake, manager }) => {
      fake!.faults.add({ service: 'identity', route: 'POST /v3/auth/tokens', status: 503, times: 1 });
      const error = await manager.volumesClient.listVolumes().catch((e: unknown) => e);
      await expect(manager.volumesClient.listVolumes()).resolves.toEqual([]);
      throw error;
    },
    outcome: ServerFault,
    check: (error, { fake }) => {
      expect((error as ServerFault).status).toBe(503);
      expect((error as ServerFault).method).toBe('POST');
      expect(fake!.counters()).toMatchObject({ tokensIssued: 1, faultsInjected: 1 });
    },
  },
  {
    name: 'an HTML 502 page from a proxy is a ServerFault saying so',
    act: ({ fake, manager }) => {
      fake!.faults.add({ service: 'block-storage', status: 502, body: 'html', times: 1 });
      return manager.volumesClient.listVolumes();
    },
    outcome: ServerFault,
    check: (error) => expect((error as Error).message).toMatch(/HTML page/),
  },
  {
    name: 'a malformed JSON body is a ServerFault, not a crash',
    act: ({ fake, manager }) => {
      fake!.faults.add({ service: 'block-storage', status: 500, body: 'malformed-json', times: 1 });
      return manager.volumesClient.listVolumes();
    },
    outcome: ServerFault,
  },
  {
    name: 'a hung connection becomes a RequestTimeout after the client timeout',
    manager: () => ({ requestTimeoutMs: 100 }),
    act: async ({ fake, manager }) => {
      await manager.volumesClient.listVolumes(); // authenticated before the fault
      fake!.faults.add({ service: 'block-storage', connection: 'hang', times: 1 });
      return manager.volumesClient.listVolumes();
    },
    outcome: RequestTimeout,
    check: (error) => expect((error as RequestTimeout).timeoutMs).toBe(100),
  },
  {
    name: 'latency beyond the client timeout becomes a RequestTimeout',
    manager: () => ({ requestTimeoutMs: 50 }),
    act: async ({ fake, manager }) => {
      await manager.volumesClient.listVolumes();
      fake!.faults.add({ route: 'GET /volumes', latencyMs: 250, times: 1 });
      return manager.volumesClient.listVolumes();
    },
    outcome: RequestTimeout,
    check: (error) => expect((error as RequestTimeout).timeoutMs).toBe(50),
  },
  {
    name: 'a connection reset is a ConnectionError without retries',
    act: async ({ fake, manager }) => {
      await manager.volumesClient.listVolumes();
      fake!.faults.add({ service: 'block-storage', connection: 'reset', times: 1 });
      return manager.volumesClient.listVolumes();
    },
    outcome: ConnectionError,
    check: (_error, { fake }) => expect(fake!.counters().byRoute['GET /volumes']).toBe(2),
  },
  {
    name: 'a create whose answer is lost (reset) is a ConnectionError, and the volume exists',
    act: async ({ fake, manager }) => {
      await manager.volumesClient.listVolumes();
      fake!.faults.add({ ...FaultPresets.createResponseLost('POST /volumes'), times: 1 });
      return manager.volumesClient.createVolume({ size: 1, name: 'lost-answer' });
    },
    outcome: ConnectionError,
    check: (_error, { fake }) =>
      expect(fake!.resources().volumes.map((v) => v.name)).toEqual(['lost-answer']),
  },
  {
    name: 'a server create whose answer never comes is a RequestTimeout, and the server exists',
    // A loaded machine can take longer than a short timeout to deliver the create, which then
    // never reaches the fake; the compute microversion is negotiated before the fault is armed.
    manager: () => ({ requestTimeoutMs: 1_500 }),
    act: async ({ fake, manager, compute }) => {
      await manager.volumesClient.listVolumes();
      await manager.serversClient.listServers();
      fake!.faults.add({ ...FaultPresets.createResponseLost('POST /servers', 1, 'hang'), times: 1 });
      return manager.serversClient.createServer({
        name: 'lost-server',
        flavorRef: compute!.flavorId,
        imageRef: compute!.imageId,
        networks: [compute!.networkId!],
      });
    },
    outcome: RequestTimeout,
    check: (_error, { fake }) =>
      expect(fake!.resources().servers.map((s) => s.name)).toEqual(['lost-server']),
  },
  {
    name: 'connection resets are retried up to the bound, each attempt reported',
    manager: (probe) => fastRetries(probe),
    act: async ({ fake, manager }) => {
      await manager.volumesClient.listVolumes();
      fake!.faults.add({ route: 'GET /volumes', connection: 'reset' });
      return manager.volumesClient.listVolumes();
    },
    outcome: ConnectionError,
    check: (_error, { fake }, probe) => {
      expect(probe.retries.map((r) => [r.attempt, r.reason])).toEqual([
        [1, 'connection error'],
        [2, 'connection error'],
      ]);
      expect(fake!.counters().byRoute['GET /volumes']).toBe(1 + 3);
    },
  },
  {
    name: 'a volume that ends in error fails the waiter at once with its id and status',
    fake: () => ({ timeScale: 0, outcomes: { volumeError: 1 } }),
    act: async ({ manager }, probe) => {
      const volume = await manager.volumesClient.createVolume({ size: 1 });
      probe.resourceId = volume.id;
      return manager.volumesClient.waitForVolumeStatus(volume.id, 'available');
    },
    outcome: ResourceErrorStatus,
    check: (error, _target, probe) =>
      expect(error).toMatchObject({
        resourceType: 'volume',
        resourceId: probe.resourceId,
        resourceStatus: 'error',
        code: 'OPENSTACK_RESOURCE_ERROR_STATUS',
      }),
  },
  {
    name: 'a snapshot that ends in error fails waitForSnapshotStatus at once',
    fake: () => ({ timeScale: 0, outcomes: { snapshotError: 1 } }),
    act: async ({ manager }, probe) => {
      const volume = await manager.volumesClient.createVolume({ size: 1 });
      await manager.volumesClient.waitForVolumeStatus(volume.id, 'available');
      const snapshot = await manager.snapshotsClient.createSnapshot({ volumeId: volume.id });
      probe.resourceId = snapshot.id;
      return manager.snapshotsClient.waitForSnapshotStatus(snapshot.id, 'available');
    },
    outcome: ResourceErrorStatus,
    check: (error, _target, probe) =>
      expect(error).toMatchObject({
        resourceType: 'snapshot',
        resourceId: probe.resourceId,
        resourceStatus: 'error',
      }),
  },
  {
    name: 'a server that ends in ERROR fails waitForServerStatus at once with its fault',
    fake: () => ({ timeScale: 0, outcomes: { serverError: 1 } }),
    act: async ({ manager, compute }, probe) => {
      const server = await manager.serversClient.createServer({
        name: 'doomed',
        flavorRef: compute!.flavorId,
        imageRef: compute!.imageId,
      });
      probe.resourceId = server.id;
      return manager.serversClient.waitForServerStatus(server.id, 'ACTIVE');
    },
    outcome: ResourceErrorStatus,
    check: (error, _target, probe) => {
      expect(error).toMatchObject({
        resourceType: 'server',
        resourceId: probe.resourceId,
        resourceStatus: 'ERROR',
      });
      expect((error as ResourceErrorStatus).fault).toBeTruthy();
    },
  },
  {
    name: 'a stuck transition ends in a WaiterTimeout saying what it waited for and last saw',
    fake: () => ({ timeScale: 0, outcomes: { stuck: 1 } }),
    act: async ({ manager }, probe) => {
      const volume = await manager.volumesClient.createVolume({ size: 1 });
      probe.resourceId = volume.id;
      return manager.volumesClient.waitForVolumeStatus(volume.id, 'available', {
        intervalMs: 1,
        timeoutMs: 30,
      });
    },
    outcome: WaiterTimeout,
    check: (error, _target, probe) =>
      expect((error as Error).message).toMatch(
        new RegExp(
          `Volume ${probe.resourceId} did not reach status available within .* last status seen: creating`,
        ),
      ),
  },
  {
    name: "Nova's quota exceeded on boot (403) is a Forbidden",
    fake: () => ({ timeScale: 0, quotas: { instances: 0 } }),
    act: ({ manager, compute }) =>
      manager.serversClient.createServer({
        name: 'over-quota',
        flavorRef: compute!.flavorId,
        imageRef: compute!.imageId,
      }),
    outcome: Forbidden,
    check: (error, { fake }) => {
      expect(error).toMatchObject({ status: 403, code: 'OPENSTACK_FORBIDDEN' });
      expect((error as Error).message).toMatch(/Quota exceeded for instances/);
      expect(fake!.resources().servers).toEqual([]);
    },
  },
  {
    name: 'the Nova quota preset (403) is a Forbidden, never retried even with retries on',
    manager: (probe) => fastRetries(probe),
    act: ({ fake, manager, compute }) => {
      fake!.faults.add(FaultPresets.novaQuota());
      return manager.serversClient.createServer({
        name: 'over-quota',
        flavorRef: compute!.flavorId,
        imageRef: compute!.imageId,
      });
    },
    outcome: Forbidden,
    check: (_error, { fake }, probe) => {
      expect(probe.retries).toEqual([]);
      expect(fake!.counters().byRoute['POST /servers']).toBe(1);
    },
  },
  {
    name: 'quota exceeded (413, Retry-After 0) is an OverLimit and is never retried',
    fake: () => ({ timeScale: 0, quotas: { volumes: 1 } }),
    manager: (probe) => fastRetries(probe),
    act: async ({ manager }) => {
      await manager.volumesClient.createVolume({ size: 1 });
      return manager.volumesClient.createVolume({ size: 1 });
    },
    outcome: OverLimit,
    check: (error, { fake }, probe) => {
      expect((error as OverLimit).retryAfter).toBe(0);
      expect((error as Error).message).toContain("exceeded for quota 'volumes'");
      expect(probe.retries).toEqual([]);
      expect(fake!.counters().byRoute['POST /volumes']).toBe(2);
    },
  },
  {
    name: 'a rate limit with Retry-After is retried up to the bound, each attempt reported',
    manager: (probe) => fastRetries(probe),
    act: ({ fake, manager }) => {
      fake!.faults.add(FaultPresets.cinderRateLimit(1, 1));
      return manager.volumesClient.listVolumes();
    },
    outcome: OverLimit,
    check: (_error, { fake }, probe) => {
      expect(probe.retries.map((r) => r.attempt)).toEqual([1, 2]);
      expect(fake!.counters().byRoute['GET /volumes']).toBe(3);
    },
  },
  {
    name: 'without retries configured a 429 is not retried',
    act: ({ fake, manager }) => {
      fake!.faults.add(FaultPresets.tooManyRequests(1, 1));
      return manager.volumesClient.listVolumes();
    },
    outcome: OverLimit,
    check: (_error, { fake }) => expect(fake!.counters().byRoute['GET /volumes']).toBe(1),
  },
  {
    name: 'a connection reset is retried once when retries are on, and the call succeeds',
    manager: (probe) => fastRetries(probe),
    act: async ({ fake, manager }) => {
      await manager.volumesClient.listVolumes();
      fake!.faults.add({ route: 'GET /volumes', connection: 'reset', times: 1 });
      return manager.volumesClient.listVolumes();
    },
    outcome: 'recovers',
    check: (volumes, { fake }, probe) => {
      expect(volumes).toEqual([]);
      expect(probe.retries.map((r) => [r.attempt, r.reason])).toEqual([[1, 'connection error']]);
      expect(fake!.counters().byRoute['GET /volumes']).toBe(1 + 2);
    },
  },
  {
    name: 'a revoked token gets one re-authentication and the call succeeds',
    act: async ({ fake, manager }) => {
      await manager.volumesClient.listVolumes();
      fake!.expireTokens();
      return manager.volumesClient.listVolumes();
    },
    outcome: 'recovers',
    check: (volumes, { fake, manager }) => {
      expect(volumes).toEqual([]);
      expect(fake!.counters().tokensIssued).toBe(2);
      expect(manager.session.reauthentications).toBe(1);
    },
  },
  {
    name: 'a token expired early (expireTokensIn) gets one re-authentication and the call succeeds',
    fake: (probe) => ({ timeScale: 0, now: manualClock(probe) }),
    act: async ({ fake, manager }, probe) => {
      await manager.volumesClient.listVolumes();
      fake!.expireTokensIn(60_000);
      await manager.volumesClient.listVolumes(); // still valid
      probe.advanceClock!(60_001);
      return manager.volumesClient.listVolumes();
    },
    outcome: 'recovers',
    check: (volumes, { fake, manager }) => {
      expect(volumes).toEqual([]);
      expect(fake!.counters().tokensIssued).toBe(2);
      expect(manager.session.reauthentications).toBe(1);
    },
  },
];

describe.each([
  ['in-process', inProcessTarget],
  ['loopback HTTP', loopbackTarget],
])('faults surface as typed errors (%s)', (_name, make) => {
  test.each(cases)('$name', async (faultCase) => {
    const probe: Probe = { retries: [] };
    const target = await make(faultCase.fake?.(probe) ?? { timeScale: 0 }, faultCase.manager?.(probe) ?? {});
    try {
      const settled = await faultCase.act(target, probe).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (faultCase.outcome === 'recovers') {
        if (!settled.ok) throw settled.error;
        await faultCase.check?.(settled.value, target, probe);
      } else {
        expect(settled.ok ? settled.value : settled.error).toBeInstanceOf(faultCase.outcome);
        await faultCase.check?.(settled.ok ? settled.value : settled.error, target, probe);
      }
    } finally {
      await target.close();
    }
  });
});

describe('retries (opt-in) and re-authentication', () => {
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
