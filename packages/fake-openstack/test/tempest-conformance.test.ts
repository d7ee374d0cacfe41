import { beforeAll, describe, expect, test } from 'vitest';
import { FakeCloud } from '../src/fake-cloud';
import { RawOpenStack } from '../src/fake-test-client';
import { loadTempestSchemas, TempestValidator, tempestInstalled } from './tempest-schemas';

// Tempest's own response schemas (Debian's python3-tempest, dumped to JSON at test time by
// scripts/dump-tempest-schemas.py) against every response the fake gives on the routes it serves, at
// every microversion it advertises. As root, `scripts/install-system-deps.sh` installs Tempest, so
// the suite is skipped only for a non-root user without it.
const installed = tempestInstalled();
const isRoot = process.getuid?.() === 0;
if (!installed && isRoot) throw new Error('python3-tempest is missing: run scripts/install-system-deps.sh');
const suite = installed ? describe : describe.skip;

type Send = Awaited<ReturnType<RawOpenStack['send']>>;

interface Checked {
  client: string;
  name: string;
  response: Send;
}

const VOLUMES = 'volume.v3.volumes_client.VolumesClient';
const SERVERS = 'compute.servers_client.ServersClient';

function range(min: string, max: string): string[] {
  const [major, low] = min.split('.').map(Number);
  const high = Number(max.split('.')[1]);
  const out: string[] = [];
  for (let minor = low!; minor <= high; minor++) out.push(`${major}.${minor}`);
  return out;
}

/**
 * A `call(client, name, method, path, body?, as?)` that sends as `as` (default `member`) with
 * `headers` and records the answer in `checked` under Tempest's client class and method name.
 */
function recorder(checked: Checked[], member: RawOpenStack, headers: Record<string, string>) {
  return async (
    client: string,
    name: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    as: RawOpenStack = member,
  ): Promise<Send> => {
    const response = await as.send(method, path, body, { headers });
    checked.push({ client, name, response });
    return response;
  };
}

async function volumeScenario(fake: FakeCloud, member: RawOpenStack, admin: RawOpenStack, version: string) {
  const checked: Checked[] = [];
  const call = recorder(checked, member, { 'openstack-api-version': `volume ${version}` });
  const project = member.projectId;
  const created = await call(VOLUMES, 'create_volume', 'POST', 'cinder:/volumes', {
    volume: { size: 1, name: `conformance-${version}` },
  });
  const id = created.json.volume.id as string;
  fake.settle();
  await call(VOLUMES, 'list_volumes_no_detail', 'GET', 'cinder:/volumes');
  await call(VOLUMES, 'list_volumes_with_detail', 'GET', 'cinder:/volumes/detail');
  await call(VOLUMES, 'list_volumes_with_detail', 'GET', 'cinder:/volumes/detail?limit=1');
  await call(VOLUMES, 'show_volume', 'GET', `cinder:/volumes/${id}`);
  await call(VOLUMES, 'show_volume', 'GET', `/volume/v3/${project}/volumes/${id}`, undefined, admin);
  await call(VOLUMES, 'update_volume', 'PUT', `cinder:/volumes/${id}`, { volume: { name: 'renamed' } });
  const meta = `cinder:/volumes/${id}/metadata`;
  await call(VOLUMES, 'create_volume_metadata', 'POST', meta, { metadata: { a: '1', b: '2' } });
  await call(VOLUMES, 'show_volume_metadata', 'GET', meta);
  await call(VOLUMES, 'update_volume_metadata', 'PUT', meta, { metadata: { a: '3' } });
  await call(VOLUMES, 'show_volume_metadata_item', 'GET', `${meta}/a`);
  await call(VOLUMES, 'update_volume_metadata_item', 'PUT', `${meta}/a`, { meta: { a: '4' } });
  await call(VOLUMES, 'delete_volume_metadata_item', 'DELETE', `${meta}/a`);
  await call(VOLUMES, 'extend_volume', 'POST', `cinder:/volumes/${id}/action`, {
    'os-extend': { new_size: 2 },
  });
  fake.settle();
  const snap = await call('volume.snapshots', 'create_snapshot', 'POST', 'cinder:/snapshots', {
    snapshot: { volume_id: id, name: 's' },
  });
  const snapId = snap.json.snapshot.id as string;
  await call('volume.snapshots', 'show_snapshot', 'GET', `cinder:/snapshots/${snapId}`);
  fake.settle();
  await call('volume.snapshots', 'list_snapshots_no_detail', 'GET', 'cinder:/snapshots');
  await call('volume.snapshots', 'list_snapshots_with_detail', 'GET', 'cinder:/snapshots/detail');
  await call('volume.snapshots', 'show_snapshot', 'GET', `cinder:/snapshots/${snapId}`);
  await call('volume.snapshots', 'update_snapshot', 'PUT', `cinder:/snapshots/${snapId}`, {
    snapshot: { name: 's2', description: 'd' },
  });
  await call('volume.snapshots', 'delete_snapshot', 'DELETE', `cinder:/snapshots/${snapId}`);
  await call('volume.snapshots', 'show_snapshot', 'GET', `cinder:/snapshots/${snapId}`);
  fake.settle();
  const types = await call('volume.volume_types', 'list_volume_types', 'GET', 'cinder:/types');
  await call(
    'volume.volume_types',
    'show_volume_type',
    'GET',
    `cinder:/types/${types.json.volume_types[0].id}`,
  );
  await call('volume.limits', 'show_limits', 'GET', 'cinder:/limits');
  const backups = 'volume.v3.backups_client.BackupsClient';
  await call(backups, 'list_backups_no_detail', 'GET', 'cinder:/backups');
  await call(backups, 'list_backups_with_detail', 'GET', 'cinder:/backups/detail');
  const transfers = 'volume.v3.transfers_client.TransfersClient';
  const minor = Number(version.split('.')[1]);
  const transferPath = minor >= 55 ? 'cinder:/volume-transfers' : 'cinder:/os-volume-transfer';
  await call(transfers, 'list_volume_transfers_no_detail', 'GET', transferPath);
  await call(transfers, 'list_volume_transfers_with_detail', 'GET', `${transferPath}/detail`);
  await call('volume.quotas', 'show_quota_set', 'GET', `cinder:/os-quota-sets/${project}`);
  await call('volume.quotas', 'show_quota_set', 'GET', `cinder:/os-quota-sets/${project}/defaults`);
  await call('volume.quotas', 'show_quota_set_usage', 'GET', `cinder:/os-quota-sets/${project}?usage=true`);
  await call(
    VOLUMES,
    'reset_volume_status',
    'POST',
    `/volume/v3/${project}/volumes/${id}/action`,
    { 'os-reset_status': { status: 'available' } },
    admin,
  );
  await call(VOLUMES, 'delete_volume', 'DELETE', `cinder:/volumes/${id}`);
  const second = await call(VOLUMES, 'create_volume', 'POST', 'cinder:/volumes', { volume: { size: 1 } });
  fake.settle();
  await call(
    VOLUMES,
    'force_delete_volume',
    'POST',
    `/volume/v3/${project}/volumes/${second.json.volume.id}/action`,
    { 'os-force_delete': {} },
    admin,
  );
  fake.settle();
  return checked;
}

async function computeScenario(fake: FakeCloud, member: RawOpenStack, version: string) {
  const checked: Checked[] = [];
  const minor = Number(version.split('.')[1]);
  const call = recorder(checked, member, { 'openstack-api-version': `compute ${version}` });
  const keypairs = 'compute.keypairs_client.KeyPairsClient';
  const keypair =
    minor >= 92
      ? {
          name: `k-${version}`,
          public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm4NQ2DLOoCjEZbxGTXp5ov3YxYdJkSMZ5Jx2Y1Yr7W test',
        }
      : { name: `k-${version}` };
  await call(keypairs, 'create_keypair', 'POST', 'nova:/os-keypairs', { keypair });
  await call(keypairs, 'list_keypairs', 'GET', 'nova:/os-keypairs');
  await call(keypairs, 'get_keypair', 'GET', `nova:/os-keypairs/${keypair.name}`);
  await call(keypairs, 'delete_keypair', 'DELETE', `nova:/os-keypairs/${keypair.name}`);
  const flavors = 'compute.flavors_client.FlavorsClient';
  await call(flavors, 'list_flavors', 'GET', 'nova:/flavors');
  await call(flavors, 'list_flavors_details', 'GET', 'nova:/flavors/detail');
  await call(
    flavors,
    'create_update_get_flavor_details',
    'GET',
    `nova:/flavors/${fake.computeDefaults.flavorId}`,
  );
  await call(
    'compute.v2_1.flavors_extra_specs',
    'set_get_flavor_extra_specs',
    'GET',
    `nova:/flavors/${fake.computeDefaults.flavorId}/os-extra_specs`,
  );
  await call('compute.limits_client.LimitsClient', 'get_limit', 'GET', 'nova:/limits');
  const quotas = 'compute.quotas_client.QuotasClient';
  await call(quotas, 'get_quota_set', 'GET', `nova:/os-quota-sets/${member.projectId}`);
  await call(quotas, 'get_quota_set', 'GET', `nova:/os-quota-sets/${member.projectId}/defaults`);
  await call(quotas, 'get_quota_set_details', 'GET', `nova:/os-quota-sets/${member.projectId}/detail`);
  const { flavorId, imageId, networkId } = fake.computeDefaults;
  const server: Record<string, unknown> = { name: `s-${version}`, flavorRef: flavorId, imageRef: imageId };
  if (minor >= 37) server.networks = [{ uuid: networkId }];
  const created = await call(SERVERS, 'create_server_with_admin_pass', 'POST', 'nova:/servers', { server });
  const sid = created.json.server.id as string;
  await call(SERVERS, 'get_server', 'GET', `nova:/servers/${sid}`);
  fake.settle();
  await call(SERVERS, 'list_servers', 'GET', 'nova:/servers');
  await call(SERVERS, 'list_servers_detail', 'GET', 'nova:/servers/detail');
  await call(SERVERS, 'get_server', 'GET', `nova:/servers/${sid}`);
  const volume = await member.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
  const vid = volume.json.volume.id as string;
  fake.settle();
  await call(SERVERS, 'attach_volume', 'POST', `nova:/servers/${sid}/os-volume_attachments`, {
    volumeAttachment: { volumeId: vid },
  });
  fake.settle();
  await call(SERVERS, 'list_volume_attachments', 'GET', `nova:/servers/${sid}/os-volume_attachments`);
  await call(SERVERS, 'show_volume_attachment', 'GET', `nova:/servers/${sid}/os-volume_attachments/${vid}`);
  await call(SERVERS, 'get_server', 'GET', `nova:/servers/${sid}`);
  await call(SERVERS, 'detach_volume', 'DELETE', `nova:/servers/${sid}/os-volume_attachments/${vid}`);
  fake.settle();
  await call(SERVERS, 'delete_server', 'DELETE', `nova:/servers/${sid}`);
  await call(SERVERS, 'get_server', 'GET', `nova:/servers/${sid}`);
  fake.settle();
  await member.send('DELETE', `cinder:/volumes/${vid}`);
  fake.settle();
  return checked;
}

suite("Tempest's response schemas against the fake", () => {
  let validator: TempestValidator;
  let fake: FakeCloud;
  let member: RawOpenStack;
  let admin: RawOpenStack;
  beforeAll(async () => {
    validator = new TempestValidator(loadTempestSchemas());
    fake = new FakeCloud({ timeScale: 0 });
    member = await RawOpenStack.connect(fake);
    admin = await RawOpenStack.connect(fake, fake.adminCredentials);
  }, 120_000);

  function problems(checked: Checked[], version: string): string[] {
    return checked.flatMap((c) => validator.check(c.client, version, c.name, c.response));
  }

  /** One line per problem, with the microversions it occurs at: `<problem> [3.0-3.12, 3.20]`. */
  function summary(all: string[]): string[] {
    const byProblem = new Map<string, string[]>();
    for (const line of all) {
      const version = /@(\d+\.\d+)/.exec(line)?.[1] ?? '';
      const key = line.replace(/ @\d+\.\d+/, '');
      const list = byProblem.get(key) ?? [];
      if (!list.includes(version)) list.push(version);
      byProblem.set(key, list);
    }
    return [...byProblem].map(
      ([problem, versions]) => `${problem} [${versions[0]}..${versions.at(-1)} (${versions.length})]`,
    );
  }

  test('every volume response at every microversion the fake advertises', async () => {
    const doc = await member.send('GET', '/volume/v3/');
    const { min_version, version } = doc.json.versions[0];
    const all: string[] = [
      ...validator.check('volume.versions', '3.0', 'volume_api_version_details', doc),
      ...validator.check('volume.versions', '3.0', 'list_versions', await member.send('GET', '/volume/')),
    ];
    for (const v of range(min_version, version))
      all.push(...problems(await volumeScenario(fake, member, admin, v), v));
    expect(summary(all)).toEqual([]);
  }, 120_000);

  test('every compute response at every microversion the fake advertises', async () => {
    const doc = await member.send('GET', '/compute/v2.1/');
    const { min_version, version } = doc.json.version;
    const all: string[] = [
      ...validator.check('compute.v2_1.versions', '2.1', 'get_one_version', doc),
      ...validator.check(
        'compute.v2_1.versions',
        '2.1',
        'list_versions',
        await member.send('GET', '/compute/'),
      ),
    ];
    for (const v of range(min_version, version))
      all.push(...problems(await computeScenario(fake, member, v), v));
    expect(summary(all)).toEqual([]);
  }, 120_000);
});
