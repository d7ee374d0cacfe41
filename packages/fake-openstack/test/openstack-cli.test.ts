import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeCloud } from '../src/fake-cloud';
import type { ListeningFakeCloud } from '../src/http-server';
import { osEnvironment } from '../src/os-env';
import { needs, run, systemCommand } from './system-tools';

// The real `openstack` CLI (Debian's python3-openstackclient 6.0) against the fake on loopback, as a
// new user would drive it. Its Python start-up takes seconds on a loaded machine: generous timeouts.
const requirement = needs('the openstack CLI (python3-openstackclient)', systemCommand('openstack'));
const CLI_TIMEOUT = 240_000;

describe.skipIf(requirement.skip)(`openstack CLI against the fake ${requirement.reason}`, () => {
  let fake: FakeCloud;
  let listening: ListeningFakeCloud;
  let env: Record<string, string>;
  const openstack = async (...args: string[]): Promise<any> => {
    const out = await run('openstack', args, env);
    return args.includes('json') ? JSON.parse(out) : out;
  };

  beforeAll(async () => {
    fake = new FakeCloud({ timeScale: 0.01 });
    listening = await fake.listen();
    // HOME elsewhere: no clouds.yaml or cache of the user's is read.
    env = { ...osEnvironment(fake.credentialsAt(listening.url)), HOME: mkdtempSync(join(tmpdir(), 'osc-')) };
  });
  afterAll(async () => {
    await listening?.close();
  });

  test(
    'volume create, set (name, property), show, list, delete',
    async () => {
      const created = await openstack('volume', 'create', '--size', '1', 'cli-volume', '-f', 'json');
      expect(created).toMatchObject({ name: 'cli-volume', size: 1, status: 'creating' });
      fake.settle();
      await openstack(
        'volume',
        'set',
        '--name',
        'cli-renamed',
        '--description',
        'd',
        '--property',
        'k=v',
        'cli-volume',
      );
      const shown = await openstack('volume', 'show', 'cli-renamed', '-f', 'json');
      expect(shown).toMatchObject({
        id: created.id,
        status: 'available',
        description: 'd',
        properties: { k: 'v' },
      });
      const listed = await openstack('volume', 'list', '-f', 'json');
      expect(listed.map((v: { Name: string }) => v.Name)).toContain('cli-renamed');
      await openstack('volume', 'delete', 'cli-renamed');
      fake.settle();
      expect(fake.resources().volumes).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  test(
    'volume snapshot create, set, show, list, delete',
    async () => {
      const volume = await openstack('volume', 'create', '--size', '1', 'snap-source', '-f', 'json');
      fake.settle();
      const snap = await openstack(
        'volume',
        'snapshot',
        'create',
        '--volume',
        volume.id,
        'cli-snap',
        '-f',
        'json',
      );
      expect(snap).toMatchObject({ name: 'cli-snap', status: 'creating', volume_id: volume.id });
      fake.settle();
      await openstack('volume', 'snapshot', 'set', '--name', 'cli-snap2', '--property', 'a=b', 'cli-snap');
      const shown = await openstack('volume', 'snapshot', 'show', 'cli-snap2', '-f', 'json');
      expect(shown).toMatchObject({ status: 'available', properties: { a: 'b' } });
      expect(shown['os-extended-snapshot-attributes:progress']).toBe('100%');
      const listed = await openstack('volume', 'snapshot', 'list', '-f', 'json');
      expect(listed.map((s: { Name: string }) => s.Name)).toEqual(['cli-snap2']);
      await openstack('volume', 'snapshot', 'delete', 'cli-snap2');
      fake.settle();
      await openstack('volume', 'delete', volume.id);
      fake.settle();
      expect(fake.resources()).toMatchObject({ volumes: [], snapshots: [] });
    },
    CLI_TIMEOUT,
  );

  test(
    'flavor list and quota show',
    async () => {
      const flavors = await openstack('flavor', 'list', '-f', 'json');
      expect(flavors.map((f: { Name: string }) => f.Name)).toContain('m1.tiny');
      const quotas = await openstack('quota', 'show', '-f', 'json');
      expect(quotas).toMatchObject({
        volumes: expect.any(Number),
        instances: expect.any(Number),
        networks: 100,
      });
    },
    CLI_TIMEOUT,
  );

  test(
    'keypair create, list, show, delete',
    async () => {
      const privateKey = await openstack('keypair', 'create', 'cli-key');
      expect(privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
      const listed = await openstack('keypair', 'list', '-f', 'json');
      expect(listed.map((k: { Name: string }) => k.Name)).toEqual(['cli-key']);
      const shown = await openstack('keypair', 'show', 'cli-key', '-f', 'json');
      expect(shown.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
      await openstack('keypair', 'delete', 'cli-key');
      expect(fake.resources().keypairs).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  test(
    'server create, list, show, add volume, remove volume, delete',
    async () => {
      const { flavorId, imageId, networkId } = fake.computeDefaults;
      const volume = await openstack('volume', 'create', '--size', '1', 'server-volume', '-f', 'json');
      const server = await openstack(
        'server',
        'create',
        '--flavor',
        flavorId,
        '--image',
        imageId,
        '--network',
        networkId,
        'cli-server',
        '-f',
        'json',
      );
      fake.settle();
      const listed = await openstack('server', 'list', '-f', 'json');
      expect(listed).toMatchObject([
        { ID: server.id, Name: 'cli-server', Status: 'ACTIVE', Image: 'cirros-0.6.2-x86_64-disk' },
      ]);
      const shown = await openstack('server', 'show', 'cli-server', '-f', 'json');
      expect(shown).toMatchObject({ id: server.id, status: 'ACTIVE' });
      await openstack('server', 'add', 'volume', 'cli-server', volume.id);
      fake.settle();
      const attached = await openstack('volume', 'show', volume.id, '-f', 'json');
      expect(attached.status).toBe('in-use');
      await openstack('server', 'remove', 'volume', 'cli-server', volume.id);
      fake.settle();
      expect((await openstack('volume', 'show', volume.id, '-f', 'json')).status).toBe('available');
      await openstack('server', 'delete', 'cli-server');
      fake.settle();
      await openstack('volume', 'delete', volume.id);
      fake.settle();
      expect(fake.resources()).toMatchObject({ servers: [], volumes: [] });
    },
    CLI_TIMEOUT,
  );
});
