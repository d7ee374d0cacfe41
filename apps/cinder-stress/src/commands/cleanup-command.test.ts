import { FakeCloud } from '@track/fake-openstack';
import { InProcessTransport, Manager, RetryPolicy, type Transport } from '@track/openstack-clients';
import { afterEach, describe, expect, test } from 'vitest';
import { CliError } from '../cli-error';
import { EXIT } from '../exit-codes';
import { cleanUpCloud, cleanupCommand } from './cleanup-command';

const open: Manager[] = [];
afterEach(async () => {
  for (const manager of open.splice(0)) await manager.close();
});

/** A transport that answers Keystone's token with a catalog lacking `service` (a Cinder-only cloud). */
function withoutService(inner: Transport, service: string): Transport {
  return {
    async request(request) {
      const response = await inner.request(request);
      if (request.method !== 'POST' || !request.url.endsWith('/auth/tokens') || response.status >= 300)
        return response;
      const body = JSON.parse(response.body) as { token: { catalog?: { type: string }[] } };
      body.token.catalog = body.token.catalog?.filter((entry) => entry.type !== service);
      return { ...response, body: JSON.stringify(body) };
    },
  };
}

function collect(): {
  out: string[];
  err: string[];
  output: { out: (l: string) => void; err: (l: string) => void };
} {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

async function ourVolume(manager: Manager, runId: string, n: number): Promise<string> {
  const volume = await manager.volumesClient.createVolume({
    size: 1,
    name: `track-${runId}-volume-${n}`,
    metadata: { 'track-run': runId },
  });
  return volume.id;
}

describe('cinder-stress cleanup --poll-interval', () => {
  test.each(['bogus', '', '0s', '5ms'])('%j is a usage error naming the option', async (value) => {
    const error = await cleanupCommand({ pollInterval: value }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain('--poll-interval');
  });
});

describe('cleanup on a cloud whose catalog has no compute endpoint (Cinder only)', () => {
  test('skips servers saying so, and removes the volumes', async () => {
    const fake = new FakeCloud({ seed: 3, timeScale: 0.002 });
    const setup = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1 } } });
    open.push(setup);
    const id = await ourVolume(setup, 'cinderonly1', 1);
    await setup.volumesClient.waitForVolumeStatus(id, 'available');
    const manager = Manager.fromFakeCloud(fake, {
      transport: withoutService(new InProcessTransport(fake), 'compute'),
      client: { waiter: { intervalMs: 1 } },
    });
    open.push(manager);
    const { out, err, output } = collect();
    const code = await cleanUpCloud(
      manager,
      { runId: 'cinderonly1', dryRun: false, description: 'the fake' },
      output,
    );
    expect(err.join('\n')).toMatch(/skipping servers: the catalog has no compute endpoint/);
    expect(out).toContain(`removed volume track-cinderonly1-volume-1 (${id})`);
    expect(out.at(-1)).toBe('1 removed, 0 left');
    expect(code).toBe(EXIT.ok);
    expect(fake.resources().volumes).toEqual([]);
  });

  test('--dry-run lists the volumes and skips servers too', async () => {
    const fake = new FakeCloud({ seed: 3, timeScale: 0 });
    const setup = Manager.fromFakeCloud(fake);
    open.push(setup);
    await ourVolume(setup, 'cinderonly2', 1);
    const manager = Manager.fromFakeCloud(fake, {
      transport: withoutService(new InProcessTransport(fake), 'compute'),
    });
    open.push(manager);
    const { out, err, output } = collect();
    const code = await cleanUpCloud(manager, { dryRun: true, description: 'the fake' }, output);
    expect(err.join('\n')).toMatch(/skipping servers/);
    expect(out.at(-1)).toBe('1 resource(s) would be removed');
    expect(code).toBe(EXIT.ok);
  });
});

describe('cleanup through transient faults', () => {
  test('every list and delete of a burst of 500/503 is retried; all is removed and the exit code is 0', async () => {
    const fake = new FakeCloud({ seed: 11, timeScale: 0.002 });
    const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1 } } });
    open.push(manager);
    for (let n = 1; n <= 4; n++) await ourVolume(manager, 'flaky1', n);
    // Every list fails twice, then every volume call for a while: the old cleanup stopped at the
    // first failed list with a raw ServerFault.
    fake.faults.add({ route: 'GET /volumes/detail', status: [500, 503], times: 2 });
    fake.faults.add({ route: 'GET /snapshots/detail', status: 503, times: 2 });
    fake.faults.add({ service: 'block-storage', probability: 0.4, status: [500, 503], durationMs: 3_000 });
    const { out, output } = collect();
    const code = await cleanUpCloud(
      manager,
      { runId: 'flaky1', dryRun: false, description: 'the fake' },
      output,
    );
    expect(out.at(-1)).toBe('4 removed, 0 left');
    expect(code).toBe(EXIT.ok);
    fake.faults.clear();
    expect(fake.resources().volumes).toEqual([]);
  }, 60_000);

  test('a volume that cannot be removed is named as left, the others are removed, and the exit code is 4', async () => {
    const fake = new FakeCloud({ seed: 12, timeScale: 0.002 });
    const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1 } } });
    open.push(manager);
    const stuck = await ourVolume(manager, 'flaky2', 1);
    await ourVolume(manager, 'flaky2', 2);
    fake.faults.add({ route: `DELETE /volumes/{volume_id}`, status: 500, probability: 1, afterCalls: 1 });
    const { out, err, output } = collect();
    const code = await cleanUpCloud(
      manager,
      {
        runId: 'flaky2',
        dryRun: false,
        description: 'the fake',
        // Fewer and shorter retries than the default, so the give-up comes quickly.
        retryPolicy: new RetryPolicy({ max: 2, onStatuses: [500, 503], baseDelayMs: 1 }),
      },
      output,
    );
    expect(code).toBe(EXIT.resourcesLeft);
    expect(out.at(-1)).toMatch(/^1 removed, 1 left: track-flaky2-volume-\d$/);
    expect(err.join('\n')).toMatch(/could not remove volume track-flaky2-volume-\d/);
    expect(stuck).toBeDefined();
  }, 60_000);
});
