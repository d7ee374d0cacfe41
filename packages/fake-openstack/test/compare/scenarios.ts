import type { Answer } from './answer-shape';
import { type CloudSession, passwordAuth } from './cloud-session';

/** Everything a scenario runs with on one cloud: the member's and the admin's sessions. */
export interface ScenarioClouds {
  member: CloudSession;
  admin: CloudSession;
  /** The member's settings (env.sh, or the fake's equivalent): TRACK_FLAVOR, TRACK_IMAGE, ... */
  env: Record<string, string>;
  /** Ids a scenario passes to the next one (a volume the server scenario attaches). */
  shared: Record<string, string>;
}

/** A named group of exchanges, run the same way on both clouds. */
export interface Scenario {
  name: string;
  run(clouds: ScenarioClouds): Promise<void>;
}

/** The prefix of every resource the comparison creates (the CI sweeps it). */
export const PREFIX = 'track-compare-';
const UNKNOWN = '00000000-0000-0000-0000-000000000000';

const body = (answer: Answer) => answer.json as any;
const status = (answer: Answer) => (body(answer) ?? {}) as Record<string, any>;

/** Waits until the volume `id` has `wanted` status (or is gone, for `gone`). */
async function volumeIs(member: CloudSession, id: string, wanted: string): Promise<void> {
  await member.waitFor(
    'volumev3',
    { path: `/volumes/${id}` },
    (a) => (wanted === 'gone' ? a.status === 404 : status(a).volume?.status === wanted),
    `volume ${id} ${wanted}`,
  );
}

const keystone: Scenario = {
  name: 'Keystone',
  async run({ member }) {
    const tokens = `${member.endpoints.identity}/auth/tokens`;
    await member.call('keystone: POST /v3/auth/tokens (wrong password)', 'identity', {
      method: 'POST',
      path: tokens,
      body: passwordAuth(member.env, 'not-the-password'),
      token: null,
    });
    await member.call('keystone: POST /v3/auth/tokens (no body)', 'identity', {
      method: 'POST',
      path: tokens,
      body: '{}',
      token: null,
    });
    await member.call('keystone: GET /v3/auth/tokens (no token)', 'identity', { path: tokens, token: null });
    await member.call('keystone: GET /v3', 'identity', { path: member.endpoints.identity!, token: null });
    await member.call('keystone: GET /v3/auth/tokens (its own token)', 'identity', {
      path: tokens,
      headers: { 'x-subject-token': member.token },
    });
    await member.call('keystone: GET /v3/auth/tokens?nocatalog (its own token)', 'identity', {
      path: `${tokens}?nocatalog`,
      headers: { 'x-subject-token': member.token },
    });
    await member.call('keystone: GET /v3/auth/tokens (unknown subject token)', 'identity', {
      path: tokens,
      headers: { 'x-subject-token': 'not-a-token' },
    });
    await member.call('keystone: GET /v3/projects (member)', 'identity', {
      path: `${member.endpoints.identity}/projects`,
    });
  },
};

const keystoneAdmin: Scenario = {
  name: 'Keystone administration (admin)',
  async run({ admin }) {
    const identity = admin.endpoints.identity!;
    await admin.call('keystone: GET /v3/domains?name=Default (admin)', 'identity', {
      path: `${identity}/domains?name=Default`,
    });
    await admin.call('keystone: GET /v3/projects?name=admin (admin)', 'identity', {
      path: `${identity}/projects?name=admin`,
    });
    await admin.call('keystone: GET /v3/users?name=admin (admin)', 'identity', {
      path: `${identity}/users?name=admin`,
    });
    await admin.call('keystone: GET /v3/roles?name=member (admin)', 'identity', {
      path: `${identity}/roles?name=member`,
    });
    await admin.call('keystone: GET /v3/projects/{unknown} (admin)', 'identity', {
      path: `${identity}/projects/${UNKNOWN.replaceAll('-', '')}`,
    });
  },
};

const unauthorized: Scenario = {
  name: 'the services refuse an unknown token (401)',
  async run({ member }) {
    const token = 'not-a-token';
    await member.call('cinder: GET /volumes (unknown token)', 'volumev3', { path: '/volumes', token });
    await member.call('nova: GET /servers (unknown token)', 'compute', { path: '/servers', token });
    await member.call('glance: GET /v2/images (unknown token)', 'image', { path: '/v2/images', token });
    await member.call('neutron: GET /v2.0/networks (unknown token)', 'network', {
      path: '/v2.0/networks',
      token,
    });
  },
};

const cinderRead: Scenario = {
  name: 'Cinder reads',
  async run({ member }) {
    const volume = member.endpoints.volumev3!;
    const root = volume.replace(/\/v3\/[^/]+$/, '');
    const project = member.projectId;
    await member.call('cinder: GET / (versions)', 'volumev3', { path: `${root}/` });
    await member.call('cinder: GET /v3/ (version)', 'volumev3', { path: `${root}/v3/` });
    await member.call('cinder: GET /types', 'volumev3', { path: '/types' });
    await member.call('cinder: GET /limits', 'volumev3', { path: '/limits' });
    await member.call('cinder: GET /os-quota-sets/{project}', 'volumev3', {
      path: `/os-quota-sets/${project}`,
    });
    await member.call('cinder: GET /os-quota-sets/{project}?usage=true', 'volumev3', {
      path: `/os-quota-sets/${project}?usage=true`,
    });
    await member.call('cinder: GET /os-quota-sets/{project}/defaults', 'volumev3', {
      path: `/os-quota-sets/${project}/defaults`,
    });
    await member.call('cinder: GET /volumes/{unknown} at 3.70', 'volumev3', {
      path: `/volumes/${UNKNOWN}`,
      version: '3.70',
    });
    await member.call('cinder: GET /volumes at 3.99', 'volumev3', { path: '/volumes', version: '3.99' });
    await member.call('cinder: GET /volumes at abc', 'volumev3', { path: '/volumes', version: 'abc' });
    await member.call('cinder: GET /nonexistent (html)', 'volumev3', {
      path: '/nonexistent',
      headers: { accept: '*/*' },
    });
    await member.call('cinder: GET /backups/detail', 'volumev3', { path: '/backups/detail' });
    await member.call('cinder: GET /os-volume-transfer/detail', 'volumev3', {
      path: '/os-volume-transfer/detail',
    });
  },
};

const cinderVolumes: Scenario = {
  name: 'Cinder volumes',
  async run({ member, admin, shared }) {
    const a = body(
      await member.call('cinder: POST /volumes at 3.70', 'volumev3', {
        method: 'POST',
        path: '/volumes',
        version: '3.70',
        body: { volume: { size: 1, name: `${PREFIX}a`, description: 'd', metadata: { k: 'v' } } },
      }),
    ).volume.id as string;
    const b = body(
      await member.call('cinder: POST /volumes at 3.0', 'volumev3', {
        method: 'POST',
        path: '/volumes',
        body: { volume: { size: 1, name: `${PREFIX}b`, description: 'd', metadata: { k: 'v' } } },
      }),
    ).volume.id as string;
    shared.volume = a;
    await volumeIs(member, a, 'available');
    await volumeIs(member, b, 'available');
    await member.call('cinder: GET /volumes/{id} at 3.0', 'volumev3', { path: `/volumes/${a}` });
    await member.call('cinder: GET /volumes/{id} at 3.70', 'volumev3', {
      path: `/volumes/${a}`,
      version: '3.70',
    });
    await admin.call('cinder: GET /volumes/{id} at 3.70 (admin)', 'volumev3', {
      path: `/volumes/${a}`,
      version: '3.70',
    });
    await member.call('cinder: GET /volumes/detail?name= at 3.0', 'volumev3', {
      path: `/volumes/detail?name=${PREFIX}a`,
    });
    await member.call('cinder: GET /volumes/detail?limit=1 at 3.70', 'volumev3', {
      path: '/volumes/detail?limit=1',
      version: '3.70',
    });
    await member.call('cinder: GET /volumes?limit=1 at 3.0', 'volumev3', { path: '/volumes?limit=1' });
    await member.call('cinder: GET /volumes?name= at 3.70', 'volumev3', {
      path: `/volumes?name=${PREFIX}a`,
      version: '3.70',
    });
    await member.call('cinder: GET /types/default', 'volumev3', { path: '/types/default' });
    await member.call('cinder: PUT /volumes/{id} at 3.0', 'volumev3', {
      method: 'PUT',
      path: `/volumes/${b}`,
      body: { volume: { name: `${PREFIX}b2`, description: 'd2' } },
    });
    await member.call('cinder: PUT /volumes/{id} at 3.70', 'volumev3', {
      method: 'PUT',
      path: `/volumes/${a}`,
      version: '3.70',
      body: { volume: { name: `${PREFIX}a2`, description: 'd2' } },
    });
    await member.call('cinder: POST /volumes (no size)', 'volumev3', {
      method: 'POST',
      path: '/volumes',
      body: { volume: { name: `${PREFIX}nosize` } },
    });
    await member.call('cinder: POST /volumes (no body)', 'volumev3', {
      method: 'POST',
      path: '/volumes',
      body: {},
    });
    await member.call('cinder: POST /volumes at 3.99', 'volumev3', {
      method: 'POST',
      path: '/volumes',
      version: '3.99',
      body: { volume: { size: 1, name: `${PREFIX}badversion` } },
    });
    await member.call('cinder: DELETE /volumes/{id}', 'volumev3', {
      method: 'DELETE',
      path: `/volumes/${b}`,
    });
    await volumeIs(member, b, 'gone');
    await member.call('cinder: GET /volumes/{id} (deleted)', 'volumev3', { path: `/volumes/${b}` });
  },
};

const cinderQuota: Scenario = {
  name: 'Cinder over quota',
  async run({ member, admin }) {
    const path = `/os-quota-sets/${member.projectId}`;
    const before = body(await admin.get('volumev3', { path: `${path}?usage=true` })).quota_set;
    const used = before.gigabytes.in_use as number;
    try {
      await admin.call('cinder: PUT /os-quota-sets/{project} (admin)', 'volumev3', {
        method: 'PUT',
        path,
        body: { quota_set: { gigabytes: used + 1 } },
      });
      await member.call('cinder: POST /volumes (over the gigabytes quota)', 'volumev3', {
        method: 'POST',
        path: '/volumes',
        body: { volume: { size: 2, name: `${PREFIX}overquota` } },
      });
      await admin.get('volumev3', {
        method: 'PUT',
        path,
        body: { quota_set: { gigabytes: before.gigabytes.limit, volumes: before.volumes.in_use } },
      });
      await member.call('cinder: POST /volumes (over the volumes quota)', 'volumev3', {
        method: 'POST',
        path: '/volumes',
        body: { volume: { size: 1, name: `${PREFIX}overquota` } },
      });
      await admin.get('volumev3', {
        method: 'PUT',
        path,
        body: { quota_set: { volumes: before.volumes.limit, per_volume_gigabytes: 1 } },
      });
      await member.call('cinder: POST /volumes (over the per-volume limit)', 'volumev3', {
        method: 'POST',
        path: '/volumes',
        body: { volume: { size: 2, name: `${PREFIX}overquota` } },
      });
    } finally {
      await admin.get('volumev3', {
        method: 'PUT',
        path,
        body: {
          quota_set: {
            gigabytes: before.gigabytes.limit,
            volumes: before.volumes.limit,
            per_volume_gigabytes: before.per_volume_gigabytes.limit,
          },
        },
      });
    }
  },
};

const cinderSnapshots: Scenario = {
  name: 'Cinder snapshots',
  async run({ member, shared }) {
    const volume = shared.volume!;
    const s = body(
      await member.call('cinder: POST /snapshots at 3.70', 'volumev3', {
        method: 'POST',
        path: '/snapshots',
        version: '3.70',
        body: { snapshot: { volume_id: volume, name: `${PREFIX}s`, description: 'd' } },
      }),
    ).snapshot.id as string;
    await member.waitFor(
      'volumev3',
      { path: `/snapshots/${s}` },
      (a) => status(a).snapshot?.status === 'available',
      `snapshot ${s} available`,
    );
    await member.call('cinder: GET /snapshots/{id} at 3.0', 'volumev3', { path: `/snapshots/${s}` });
    await member.call('cinder: GET /snapshots/{id} at 3.70', 'volumev3', {
      path: `/snapshots/${s}`,
      version: '3.70',
    });
    await member.call('cinder: GET /snapshots/detail?name= at 3.70', 'volumev3', {
      path: `/snapshots/detail?name=${PREFIX}s`,
      version: '3.70',
    });
    await member.call('cinder: GET /snapshots?name= at 3.0', 'volumev3', {
      path: `/snapshots?name=${PREFIX}s`,
    });
    await member.call('cinder: PUT /snapshots/{id} at 3.70', 'volumev3', {
      method: 'PUT',
      path: `/snapshots/${s}`,
      version: '3.70',
      body: { snapshot: { name: `${PREFIX}s2`, description: 'd2' } },
    });
    await member.call('cinder: POST /snapshots/{id}/action os-reset_status (member)', 'volumev3', {
      method: 'POST',
      path: `/snapshots/${s}/action`,
      body: { 'os-reset_status': { status: 'available' } },
    });
    await member.call('cinder: DELETE /volumes/{id} (has a snapshot)', 'volumev3', {
      method: 'DELETE',
      path: `/volumes/${volume}`,
    });
    await member.call('cinder: DELETE /snapshots/{id}', 'volumev3', {
      method: 'DELETE',
      path: `/snapshots/${s}`,
    });
    await member.waitFor(
      'volumev3',
      { path: `/snapshots/${s}` },
      (a) => a.status === 404,
      `snapshot ${s} gone`,
    );
    await member.call('cinder: GET /snapshots/{id} (deleted)', 'volumev3', { path: `/snapshots/${s}` });
  },
};

const cinderMetadataAndActions: Scenario = {
  name: 'Cinder metadata, extend, admin-only actions and types',
  async run({ member, shared }) {
    const id = shared.volume!;
    const metadata = `/volumes/${id}/metadata`;
    await member.call('cinder: POST /volumes/{id}/metadata', 'volumev3', {
      method: 'POST',
      path: metadata,
      body: { metadata: { a: '1' } },
    });
    await member.call('cinder: GET /volumes/{id}/metadata', 'volumev3', { path: metadata });
    await member.call('cinder: PUT /volumes/{id}/metadata', 'volumev3', {
      method: 'PUT',
      path: metadata,
      body: { metadata: { b: '2' } },
    });
    await member.call('cinder: GET /volumes/{id}/metadata/{key}', 'volumev3', { path: `${metadata}/b` });
    await member.call('cinder: PUT /volumes/{id}/metadata/{key}', 'volumev3', {
      method: 'PUT',
      path: `${metadata}/b`,
      body: { meta: { b: '3' } },
    });
    await member.call('cinder: DELETE /volumes/{id}/metadata/{key}', 'volumev3', {
      method: 'DELETE',
      path: `${metadata}/b`,
    });
    await member.call('cinder: GET /volumes/{id}/metadata/{missing key}', 'volumev3', {
      path: `${metadata}/b`,
    });
    await member.call('cinder: POST /volumes/{id}/action os-reset_status (member)', 'volumev3', {
      method: 'POST',
      path: `/volumes/${id}/action`,
      body: { 'os-reset_status': { status: 'available' } },
    });
    await member.call('cinder: POST /volumes/{id}/action os-force_delete (member)', 'volumev3', {
      method: 'POST',
      path: `/volumes/${id}/action`,
      body: { 'os-force_delete': {} },
    });
    await member.call('cinder: POST /types (member)', 'volumev3', {
      method: 'POST',
      path: '/types',
      body: { volume_type: { name: `${PREFIX}type` } },
    });
    await member.call('cinder: POST /volumes/{id}/action os-extend', 'volumev3', {
      method: 'POST',
      path: `/volumes/${id}/action`,
      body: { 'os-extend': { new_size: 2 } },
    });
    await volumeIs(member, id, 'available');
    await member.call('cinder: GET /volumes/{id} (extended) at 3.70', 'volumev3', {
      path: `/volumes/${id}`,
      version: '3.70',
    });
  },
};

const novaReads: Scenario = {
  name: 'Nova flavors, limits, quota sets',
  async run({ member, env }) {
    const flavor = env.TRACK_FLAVOR!;
    const project = member.projectId;
    await member.call('nova: GET /flavors at 2.1', 'compute', { path: '/flavors' });
    await member.call('nova: GET /flavors/detail at 2.1', 'compute', { path: '/flavors/detail' });
    await member.call('nova: GET /flavors/detail at 2.93', 'compute', {
      path: '/flavors/detail',
      version: '2.93',
    });
    await member.call('nova: GET /flavors/{id} at 2.93', 'compute', {
      path: `/flavors/${flavor}`,
      version: '2.93',
    });
    await member.call('nova: GET /flavors/{id}/os-extra_specs', 'compute', {
      path: `/flavors/${flavor}/os-extra_specs`,
    });
    await member.call('nova: GET /flavors/{unknown}', 'compute', { path: '/flavors/no-such-flavor' });
    await member.call('nova: GET /limits at 2.1', 'compute', { path: '/limits' });
    await member.call('nova: GET /limits at 2.93', 'compute', { path: '/limits', version: '2.93' });
    await member.call('nova: GET /os-quota-sets/{project} at 2.1', 'compute', {
      path: `/os-quota-sets/${project}`,
    });
    await member.call('nova: GET /os-quota-sets/{project} at 2.93', 'compute', {
      path: `/os-quota-sets/${project}`,
      version: '2.93',
    });
    await member.call('nova: GET /os-quota-sets/{project}/detail at 2.93', 'compute', {
      path: `/os-quota-sets/${project}/detail`,
      version: '2.93',
    });
    await member.call('nova: GET /os-quota-sets/{project}/defaults at 2.1', 'compute', {
      path: `/os-quota-sets/${project}/defaults`,
    });
    await member.call('nova: GET /servers at 2.99', 'compute', { path: '/servers', version: '2.99' });
  },
};

const novaKeypairs: Scenario = {
  name: 'Nova keypairs',
  async run({ member }) {
    const generated = body(
      await member.call('nova: POST /os-keypairs (generated) at 2.1', 'compute', {
        method: 'POST',
        path: '/os-keypairs',
        body: { keypair: { name: `${PREFIX}kp1` } },
      }),
    ).keypair;
    await member.call('nova: POST /os-keypairs (public key) at 2.93', 'compute', {
      method: 'POST',
      path: '/os-keypairs',
      version: '2.93',
      body: { keypair: { name: `${PREFIX}kp2`, public_key: generated.public_key } },
    });
    await member.call('nova: POST /os-keypairs (name taken) at 2.93', 'compute', {
      method: 'POST',
      path: '/os-keypairs',
      version: '2.93',
      body: { keypair: { name: `${PREFIX}kp2`, public_key: generated.public_key } },
    });
    await member.call('nova: GET /os-keypairs at 2.93', 'compute', { path: '/os-keypairs', version: '2.93' });
    await member.call('nova: GET /os-keypairs at 2.1', 'compute', { path: '/os-keypairs' });
    await member.call('nova: GET /os-keypairs/{name} at 2.93', 'compute', {
      path: `/os-keypairs/${PREFIX}kp2`,
      version: '2.93',
    });
    await member.call('nova: DELETE /os-keypairs/{name} at 2.1', 'compute', {
      method: 'DELETE',
      path: `/os-keypairs/${PREFIX}kp1`,
    });
    await member.call('nova: DELETE /os-keypairs/{name} at 2.93', 'compute', {
      method: 'DELETE',
      path: `/os-keypairs/${PREFIX}kp2`,
      version: '2.93',
    });
    await member.call('nova: GET /os-keypairs/{name} (deleted)', 'compute', {
      path: `/os-keypairs/${PREFIX}kp2`,
    });
  },
};

const novaServers: Scenario = {
  name: 'Nova servers and volume attachments',
  async run({ member, env, shared }) {
    const server = { name: `${PREFIX}server`, flavorRef: env.TRACK_FLAVOR, imageRef: env.TRACK_IMAGE };
    await member.call('nova: POST /servers (networks none) at 2.1', 'compute', {
      method: 'POST',
      path: '/servers',
      body: { server: { ...server, networks: 'none' } },
    });
    await member.call('nova: POST /servers (no networks) at 2.93', 'compute', {
      method: 'POST',
      path: '/servers',
      version: '2.93',
      body: { server },
    });
    const id = body(
      await member.call('nova: POST /servers at 2.93', 'compute', {
        method: 'POST',
        path: '/servers',
        version: '2.93',
        body: { server: { ...server, networks: 'none' } },
      }),
    ).server.id as string;
    await member.waitFor(
      'compute',
      { path: `/servers/${id}` },
      (a) => ['ACTIVE', 'ERROR'].includes(status(a).server?.status),
      `server ${id} ACTIVE`,
      240_000,
    );
    await member.call('nova: GET /servers/{id} at 2.1', 'compute', { path: `/servers/${id}` });
    await member.call('nova: GET /servers/{id} at 2.93', 'compute', {
      path: `/servers/${id}`,
      version: '2.93',
    });
    await member.call('nova: GET /servers?name= at 2.93', 'compute', {
      path: `/servers?name=${PREFIX}server`,
      version: '2.93',
    });
    await member.call('nova: GET /servers/detail?name= at 2.93', 'compute', {
      path: `/servers/detail?name=${PREFIX}server`,
      version: '2.93',
    });
    const volume = shared.volume!;
    await member.call('nova: POST /servers/{id}/os-volume_attachments at 2.1', 'compute', {
      method: 'POST',
      path: `/servers/${id}/os-volume_attachments`,
      body: { volumeAttachment: { volumeId: volume } },
    });
    await volumeIs(member, volume, 'in-use');
    await member.call('cinder: GET /volumes/{id} (in-use) at 3.70', 'volumev3', {
      path: `/volumes/${volume}`,
      version: '3.70',
    });
    await member.call('nova: GET /servers/{id}/os-volume_attachments at 2.1', 'compute', {
      path: `/servers/${id}/os-volume_attachments`,
    });
    await member.call('nova: GET /servers/{id}/os-volume_attachments at 2.93', 'compute', {
      path: `/servers/${id}/os-volume_attachments`,
      version: '2.93',
    });
    await member.call('nova: GET /servers/{id}/os-volume_attachments/{volume} at 2.93', 'compute', {
      path: `/servers/${id}/os-volume_attachments/${volume}`,
      version: '2.93',
    });
    await member.call('nova: GET /servers/{id} (volume attached) at 2.93', 'compute', {
      path: `/servers/${id}`,
      version: '2.93',
    });
    await member.call('cinder: DELETE /volumes/{id} (in-use)', 'volumev3', {
      method: 'DELETE',
      path: `/volumes/${volume}`,
    });
    await member.call('nova: DELETE /servers/{id}/os-volume_attachments/{volume}', 'compute', {
      method: 'DELETE',
      path: `/servers/${id}/os-volume_attachments/${volume}`,
    });
    await volumeIs(member, volume, 'available');
    await member.call('nova: DELETE /servers/{id} at 2.93', 'compute', {
      method: 'DELETE',
      path: `/servers/${id}`,
      version: '2.93',
    });
    await member.waitFor(
      'compute',
      { path: `/servers/${id}` },
      (a) => a.status === 404,
      `server ${id} gone`,
      240_000,
    );
    await member.call('nova: GET /servers/{id} (deleted)', 'compute', { path: `/servers/${id}` });
    await member.call('cinder: DELETE /volumes/{id} at 3.70', 'volumev3', {
      method: 'DELETE',
      path: `/volumes/${volume}`,
      version: '3.70',
    });
    await volumeIs(member, volume, 'gone');
  },
};

const glance: Scenario = {
  name: 'Glance images',
  async run({ member, env }) {
    await member.call('glance: GET /v2/images', 'image', { path: '/v2/images' });
    await member.call('glance: GET /v2/images/{id}', 'image', { path: `/v2/images/${env.TRACK_IMAGE}` });
    await member.call('glance: GET /v2/images/{unknown}', 'image', { path: `/v2/images/${UNKNOWN}` });
  },
};

const neutron: Scenario = {
  name: 'Neutron networks and quotas',
  async run({ member, env }) {
    const project = member.projectId;
    await member.call('neutron: GET /v2.0/networks', 'network', { path: '/v2.0/networks' });
    await member.call('neutron: GET /v2.0/networks/{external}', 'network', {
      path: `/v2.0/networks/${env.TRACK_EXTERNAL_NETWORK}`,
    });
    await member.call('neutron: GET /v2.0/networks/{unknown}', 'network', {
      path: `/v2.0/networks/${UNKNOWN}`,
    });
    await member.call('neutron: GET /v2.0/quotas/{project}', 'network', { path: `/v2.0/quotas/${project}` });
    await member.call('neutron: GET /v2.0/quotas/{project}/default', 'network', {
      path: `/v2.0/quotas/${project}/default`,
    });
    await member.call('neutron: GET /v2.0/quotas/{project}/details', 'network', {
      path: `/v2.0/quotas/${project}/details`,
    });
    await member.call('neutron: GET /v2.0/nonexistent', 'network', { path: '/v2.0/nonexistent' });
    await member.call('neutron: GET /v2.0/extensions', 'network', { path: '/v2.0/extensions' });
    await member.call('neutron: GET /v2.0/extensions/quotas', 'network', { path: '/v2.0/extensions/quotas' });
  },
};

const floatingIps: Scenario = {
  name: 'Neutron floating IPs',
  async run({ member, env }) {
    const created = await member.call('neutron: POST /v2.0/floatingips', 'network', {
      method: 'POST',
      path: '/v2.0/floatingips',
      body: { floatingip: { floating_network_id: env.TRACK_EXTERNAL_NETWORK, description: `${PREFIX}fip` } },
    });
    const id = body(created)?.floatingip?.id as string | undefined;
    if (id === undefined) return;
    try {
      await member.call('neutron: GET /v2.0/floatingips/{id}', 'network', {
        path: `/v2.0/floatingips/${id}`,
      });
      await member.call('neutron: GET /v2.0/floatingips', 'network', { path: '/v2.0/floatingips' });
      await member.call('neutron: PUT /v2.0/floatingips/{id}', 'network', {
        method: 'PUT',
        path: `/v2.0/floatingips/${id}`,
        body: { floatingip: { description: `${PREFIX}fip2` } },
      });
      await member.call('neutron: POST /v2.0/floatingips (no network)', 'network', {
        method: 'POST',
        path: '/v2.0/floatingips',
        body: { floatingip: {} },
      });
    } finally {
      await member.call('neutron: DELETE /v2.0/floatingips/{id}', 'network', {
        method: 'DELETE',
        path: `/v2.0/floatingips/${id}`,
      });
    }
    await member.call('neutron: GET /v2.0/floatingips/{id} (deleted)', 'network', {
      path: `/v2.0/floatingips/${id}`,
    });
  },
};

const quotaUpdates: Scenario = {
  name: 'Nova and Neutron quota updates (admin, to the values they have)',
  async run({ member, admin }) {
    const project = member.projectId;
    // The values the project has already: the update changes nothing on the real cloud.
    const nova = body(await admin.get('compute', { path: `/os-quota-sets/${project}` })).quota_set;
    await admin.call('nova: PUT /os-quota-sets/{project} at 2.1 (admin)', 'compute', {
      method: 'PUT',
      path: `/os-quota-sets/${project}`,
      body: { quota_set: { instances: nova.instances, key_pairs: nova.key_pairs } },
    });
    await admin.call('nova: PUT /os-quota-sets/{project} at 2.93 (admin)', 'compute', {
      method: 'PUT',
      path: `/os-quota-sets/${project}`,
      version: '2.93',
      body: { quota_set: { cores: nova.cores } },
    });
    await member.call('cinder: PUT /os-quota-sets/{project} (member)', 'volumev3', {
      method: 'PUT',
      path: `/os-quota-sets/${project}`,
      body: { quota_set: { volumes: 1 } },
    });
    await member.call('nova: PUT /os-quota-sets/{project} (member)', 'compute', {
      method: 'PUT',
      path: `/os-quota-sets/${project}`,
      body: { quota_set: { cores: nova.cores } },
    });
    const neutron = body(await admin.get('network', { path: `/v2.0/quotas/${project}` })).quota;
    await admin.call('neutron: PUT /v2.0/quotas/{project} (admin)', 'network', {
      method: 'PUT',
      path: `/v2.0/quotas/${project}`,
      body: { quota: { floatingip: neutron.floatingip } },
    });
    await admin.call('neutron: GET /v2.0/quotas/{project} (admin)', 'network', {
      path: `/v2.0/quotas/${project}`,
    });
  },
};

/** The scenarios, in the order they run (the servers one attaches the volumes one's volume). */
export const SCENARIOS: readonly Scenario[] = [
  keystone,
  keystoneAdmin,
  unauthorized,
  cinderRead,
  cinderVolumes,
  cinderQuota,
  cinderSnapshots,
  cinderMetadataAndActions,
  novaReads,
  novaKeypairs,
  novaServers,
  glance,
  neutron,
  floatingIps,
  quotaUpdates,
];

/**
 * Deletes, best effort, what the scenarios may have left on a cloud after a failure: servers,
 * snapshots, volumes and keypairs named {@link PREFIX}*.
 */
export async function sweepLeftovers(member: CloudSession): Promise<void> {
  const named = (list: { name?: string | null; id: string }[] | undefined) =>
    (list ?? []).filter((r) => (r.name ?? '').startsWith(PREFIX)).map((r) => r.id);
  const safely = async <T>(run: () => Promise<T>): Promise<T | undefined> => run().catch(() => undefined);
  if (member.endpoints.compute !== undefined) {
    const servers = named(body((await member.get('compute', { path: '/servers' })) as Answer)?.servers);
    for (const id of servers)
      await safely(() => member.get('compute', { method: 'DELETE', path: `/servers/${id}` }));
    for (const id of servers)
      await safely(() => member.waitFor('compute', { path: `/servers/${id}` }, (a) => a.status === 404, id));
    const keypairs = (body(await member.get('compute', { path: '/os-keypairs' }))?.keypairs ?? []) as {
      keypair: { name: string };
    }[];
    for (const { keypair } of keypairs)
      if (keypair.name.startsWith(PREFIX))
        await safely(() => member.get('compute', { method: 'DELETE', path: `/os-keypairs/${keypair.name}` }));
  }
  const snapshots = named(body(await member.get('volumev3', { path: '/snapshots' }))?.snapshots);
  for (const id of snapshots)
    await safely(() => member.get('volumev3', { method: 'DELETE', path: `/snapshots/${id}` }));
  for (const id of snapshots)
    await safely(() => member.waitFor('volumev3', { path: `/snapshots/${id}` }, (a) => a.status === 404, id));
  for (const id of named(body(await member.get('volumev3', { path: '/volumes' }))?.volumes))
    await safely(() => member.get('volumev3', { method: 'DELETE', path: `/volumes/${id}` }));
}
