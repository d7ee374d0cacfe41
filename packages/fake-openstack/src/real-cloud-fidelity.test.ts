import { describe, expect, test } from 'vitest';
import { FakeCloud } from './fake-cloud';
import { passwordAuth, RawOpenStack } from './fake-test-client';

// What the field-by-field comparison with a real Zed cloud (test/real-cloud-comparison.test.ts,
// scripts/real-openstack) found, on the fake alone: each answer here is the real cloud's.
const compute = (v: string) => ({ headers: { 'openstack-api-version': `compute ${v}` } });
const HEX32 = /^[0-9a-f]{32}$/;

async function activeServer(fake: FakeCloud, raw: RawOpenStack, networks: unknown = 'none'): Promise<string> {
  const { flavorId, imageId } = fake.computeDefaults;
  const created = await raw.send(
    'POST',
    'nova:/servers',
    { server: { name: 'Web_Server 1', flavorRef: flavorId, imageRef: imageId, networks } },
    compute('2.93'),
  );
  fake.settle();
  return created.json.server.id;
}

describe('the fake answers as the real Zed cloud it was compared with', () => {
  test('Keystone: catalog service ids and role ids are 32 hex digits', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const token = await raw.send('POST', '/identity/v3/auth/tokens', passwordAuth(fake.credentials), {
      token: false,
    });
    for (const entry of token.json.token.catalog) expect(entry.id).toMatch(HEX32);
    for (const role of token.json.token.roles) expect(role.id).toMatch(HEX32);
  });

  test("Keystone: an endpoint's id is its own and the same in every token's catalog", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const endpointIds = async () => {
      const token = await raw.send('POST', '/identity/v3/auth/tokens', passwordAuth(fake.credentials), {
        token: false,
      });
      return (token.json.token.catalog as { endpoints: { id: string }[] }[]).flatMap((entry) =>
        entry.endpoints.map((endpoint) => endpoint.id),
      );
    };
    const first = await endpointIds();
    for (const id of first) expect(id).toMatch(HEX32);
    expect(new Set(first).size).toBe(first.length);
    expect(await endpointIds()).toEqual(first);
  });

  test("Keystone: a missing attribute is a ValidationError with Keystone's closing sentence", async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const refused = await raw.send('POST', '/identity/v3/auth/tokens', {}, { token: false });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe(
      'Expecting to find auth in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
    );
  });

  test("Glance's 401 is webob's page (JSON when asked), without a request id", async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const refused = await raw.send('GET', '/image/v2/images', undefined, { token: false });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: '401 Unauthorized', title: 'Unauthorized' });
    expect(refused.json.message).toMatch(/^This server could not verify that you are authorized/);
    expect(refused.headers['www-authenticate']).toBe('Keystone uri="http://fake-cloud.invalid/identity/v3"');
    expect(refused.headers).not.toHaveProperty('x-openstack-request-id');
  });

  test('Glance: the image has an owner (the admin project), a virtual size and its stores', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const image = (await raw.send('GET', `/image/v2/images/${fake.computeDefaults.imageId}`)).json;
    expect(image.owner).toMatch(HEX32);
    expect(image.owner).not.toBe(raw.projectId);
    expect(image).toMatchObject({ virtual_size: expect.any(Number), stores: 'file' });
  });

  test("Cinder: x-compute-request-id only on what Cinder's resource serialized (not 401, empty 202, router 404)", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const created = await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    expect(created.headers).toHaveProperty('x-compute-request-id');
    fake.settle();
    const deleted = await raw.send('DELETE', `cinder:/volumes/${created.json.volume.id}`);
    expect(deleted.status).toBe(202);
    const refused = await raw.send('GET', 'cinder:/volumes', undefined, { token: false });
    const unrouted = await raw.send('GET', 'cinder:/nonexistent', undefined, { headers: { accept: '*/*' } });
    for (const answer of [deleted, refused, unrouted]) {
      expect(answer.headers).toHaveProperty('x-openstack-request-id');
      expect(answer.headers).not.toHaveProperty('x-compute-request-id');
    }
  });

  test("Cinder: extend's empty 202 went through Cinder's serializer: JSON content type and x-compute-request-id", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const id = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
    fake.settle();
    const extended = await raw.send('POST', `cinder:/volumes/${id}/action`, { 'os-extend': { new_size: 2 } });
    expect([extended.status, extended.body, extended.headers['content-type']]).toEqual([
      202,
      '',
      'application/json',
    ]);
    expect(extended.headers).toHaveProperty('x-compute-request-id');
  });

  test("Cinder: a create over quota names the exception, as Cinder's create flow does", async () => {
    const raw = await RawOpenStack.connect(
      new FakeCloud({ timeScale: 0, quotas: { volumes: 1, gigabytes: 3, perVolumeGigabytes: 2 } }),
    );
    const tooBig = await raw.send('POST', 'cinder:/volumes', { volume: { size: 3 } });
    expect(tooBig.json.overLimit.message).toBe(
      'VolumeSizeExceedsLimit: Requested volume size 3G is larger than maximum allowed limit 2G.',
    );
    await raw.send('POST', 'cinder:/volumes', { volume: { size: 2 } });
    const gigabytes = await raw.send('POST', 'cinder:/volumes', { volume: { size: 2 } });
    expect(gigabytes.json.overLimit.message).toBe(
      'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 2G, quota is 3G and 2G has been consumed.',
    );
    const count = await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    expect(count.json.overLimit.message).toBe(
      "VolumeLimitExceeded: Maximum number of volumes allowed (1) exceeded for quota 'volumes'.",
    );
  });

  test("Cinder: deleting an in-use volume gives Cinder's message, without the status", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const volumeId = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
    const serverId = await activeServer(fake, raw);
    await raw.send('POST', `nova:/servers/${serverId}/os-volume_attachments`, {
      volumeAttachment: { volumeId },
    });
    fake.settle();
    const refused = await raw.send('DELETE', `cinder:/volumes/${volumeId}`);
    expect(refused.json.badRequest.message).toBe(
      'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
    );
  });

  test('Nova: its own errors say charset=UTF-8; a 406 echoes the version in both headers and varies on both', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const missing = await raw.send('GET', 'nova:/flavors/no-such-flavor');
    expect([missing.status, missing.headers['content-type']]).toEqual([
      404,
      'application/json; charset=UTF-8',
    ]);
    const refused = await raw.send('GET', 'nova:/servers', undefined, { token: false });
    expect(refused.headers['content-type']).toBe('application/json');
    const beyond = await raw.send('GET', 'nova:/servers', undefined, compute('2.99'));
    expect(beyond.status).toBe(406);
    expect(beyond.headers).toMatchObject({
      'openstack-api-version': 'compute 2.99',
      'x-openstack-nova-api-version': '2.99',
      vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
      'content-type': 'application/json; charset=UTF-8',
    });
  });

  test('Nova: a flavor without swap shows "" until 2.75, 0 from there', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const id = fake.computeDefaults.flavorId;
    expect((await raw.send('GET', `nova:/flavors/${id}`, undefined, compute('2.74'))).json.flavor.swap).toBe(
      '',
    );
    expect((await raw.send('GET', `nova:/flavors/${id}`, undefined, compute('2.75'))).json.flavor.swap).toBe(
      0,
    );
  });

  test("Nova: a keypair's created_at reads back naive, with six zero digits", async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    await raw.send('POST', 'nova:/os-keypairs', { keypair: { name: 'k' } });
    const shown = await raw.send('GET', 'nova:/os-keypairs/k', undefined, compute('2.93'));
    expect(shown.json.keypair.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000$/);
  });

  test('Nova: an active server shows progress 0, no security_groups without networks, and its hostname from 2.90', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const id = await activeServer(fake, raw);
    const shown = (await raw.send('GET', `nova:/servers/${id}`, undefined, compute('2.90'))).json.server;
    expect(shown.status).toBe('ACTIVE');
    expect(shown.progress).toBe(0);
    expect(shown).not.toHaveProperty('security_groups');
    expect(shown['OS-EXT-SRV-ATTR:hostname']).toBe('web-server-1');
    const older = (await raw.send('GET', `nova:/servers/${id}`, undefined, compute('2.89'))).json.server;
    expect(older).not.toHaveProperty('OS-EXT-SRV-ATTR:hostname');
    const networked = await activeServer(fake, raw, [{ uuid: fake.computeDefaults.networkId }]);
    const withPorts = (await raw.send('GET', `nova:/servers/${networked}`)).json.server;
    expect(withPorts.security_groups).toEqual([{ name: 'default' }]);
  });

  test("Nova: a create without networks at 2.37+ quotes the request's server, as Python prints it", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const refused = await raw.send(
      'POST',
      'nova:/servers',
      {
        server: { name: "it's", flavorRef: '1', imageRef: 'i', min_count: 1, metadata: { a: true, b: null } },
      },
      compute('2.93'),
    );
    expect(refused.json.badRequest.message).toBe(
      `Invalid input for field/attribute server. Value: {'name': "it's", 'flavorRef': '1', 'imageRef': 'i', 'min_count': 1, 'metadata': {'a': True, 'b': None}}. 'networks' is a required property`,
    );
  });

  test("Neutron: a network shows Neutron 21's fields, owned by a project; an unknown path is HTTPNotFound", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const external = (await raw.send('GET', `neutron:/networks/${fake.computeDefaults.externalNetworkId}`))
      .json.network;
    expect(Object.keys(external).sort()).toEqual(
      [
        'id',
        'name',
        'tenant_id',
        'admin_state_up',
        'mtu',
        'status',
        'subnets',
        'shared',
        'availability_zone_hints',
        'availability_zones',
        'ipv4_address_scope',
        'ipv6_address_scope',
        'router:external',
        'description',
        'port_security_enabled',
        'is_default',
        'tags',
        'created_at',
        'updated_at',
        'revision_number',
        'project_id',
      ].sort(),
    );
    expect(external.project_id).toMatch(HEX32);
    expect(external.project_id).not.toBe(raw.projectId);
    const own = (await raw.send('GET', `neutron:/networks/${fake.computeDefaults.networkId}`)).json.network;
    expect(own.project_id).toBe(raw.projectId);
    const unknown = await raw.send('GET', 'neutron:/nonexistent');
    expect([unknown.status, unknown.json.NeutronError.type]).toEqual([404, 'HTTPNotFound']);
  });

  test("Nova's quotas are per project: an admin's PUT sets one project's, /defaults and other projects keep theirs", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const member = await RawOpenStack.connect(fake);
    const admin = await RawOpenStack.connect(fake, { ...fake.adminCredentials, projectName: 'admin' });
    expect(admin.projectId).not.toBe(member.projectId);
    const put = await admin.send('PUT', `nova:/os-quota-sets/${member.projectId}`, {
      quota_set: { instances: 1 },
    });
    expect(put.json.quota_set.instances).toBe(1);
    const instances = async (raw: RawOpenStack, path: string) =>
      (await raw.send('GET', `nova:/os-quota-sets/${path}`)).json.quota_set.instances;
    expect(await instances(member, member.projectId)).toBe(1);
    expect(await instances(member, `${member.projectId}/defaults`)).toBe(1000);
    expect(await instances(admin, admin.projectId)).toBe(1000);
    expect((await member.send('GET', 'nova:/limits')).json.limits.absolute.maxTotalInstances).toBe(1);
    expect((await admin.send('GET', 'nova:/limits')).json.limits.absolute.maxTotalInstances).toBe(1000);
    const { flavorId, imageId } = fake.computeDefaults;
    const server = { server: { name: 's', flavorRef: flavorId, imageRef: imageId, networks: 'none' } };
    expect((await member.send('POST', 'nova:/servers', server, compute('2.93'))).status).toBe(202);
    expect((await member.send('POST', 'nova:/servers', server, compute('2.93'))).status).toBe(403);
    expect((await admin.send('POST', 'nova:/servers', server, compute('2.93'))).status).toBe(202);
  });

  test("Neutron's quotas are per project: an admin's PUT sets one project's floating IP quota", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const member = await RawOpenStack.connect(fake);
    const admin = await RawOpenStack.connect(fake, { ...fake.adminCredentials, projectName: 'admin' });
    const put = await admin.send('PUT', `neutron:/quotas/${member.projectId}`, { quota: { floatingip: 1 } });
    expect([put.status, put.json.quota.floatingip]).toEqual([200, 1]);
    const floatingip = async (raw: RawOpenStack, path: string) =>
      (await raw.send('GET', `neutron:/quotas/${path}`)).json.quota.floatingip;
    expect(await floatingip(member, member.projectId)).toBe(1);
    expect(await floatingip(member, `${member.projectId}/default`)).toBe(100);
    expect(await floatingip(admin, admin.projectId)).toBe(100);
    const fip = { floatingip: { floating_network_id: fake.computeDefaults.externalNetworkId } };
    expect((await member.send('POST', 'neutron:/floatingips', fip)).status).toBe(201);
    expect((await member.send('POST', 'neutron:/floatingips', fip)).json.NeutronError.type).toBe('OverQuota');
    expect((await admin.send('POST', 'neutron:/floatingips', fip)).status).toBe(201);
    const refused = await member.send('PUT', `neutron:/quotas/${member.projectId}`, {
      quota: { floatingip: 9 },
    });
    expect(refused.status).toBe(403);
  });

  test("a member's quota update is refused with the policy's name, in Nova's and Cinder's words", async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const nova = await raw.send('PUT', `nova:/os-quota-sets/${raw.projectId}`, { quota_set: { cores: 1 } });
    expect([nova.status, nova.json.forbidden.message]).toEqual([
      403,
      "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.",
    ]);
    const cinder = await raw.send('PUT', `cinder:/os-quota-sets/${raw.projectId}`, {
      quota_set: { volumes: 1 },
    });
    expect([cinder.status, cinder.json.forbidden.message]).toEqual([
      403,
      "Policy doesn't allow volume_extension:quotas:update to be performed.",
    ]);
  });

  test("Neutron: a floating IP shows port_details and tags; a create without a network is Neutron's parse error", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const created = await raw.send('POST', 'neutron:/floatingips', {
      floatingip: { floating_network_id: fake.computeDefaults.externalNetworkId },
    });
    expect(created.json.floatingip).toMatchObject({ port_details: null, tags: [] });
    const refused = await raw.send('POST', 'neutron:/floatingips', { floatingip: {} });
    expect([refused.status, refused.json.NeutronError.message]).toEqual([
      400,
      "Failed to parse request. Required attribute 'floating_network_id' not specified",
    ]);
  });

  test('Keystone: an unknown subject token is not a Fernet token; a list links itself with its query', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const unknown = await raw.send('GET', '/identity/v3/auth/tokens', undefined, {
      headers: { 'x-subject-token': 'not-a-token' },
    });
    expect([unknown.status, unknown.json.error.message]).toEqual([404, 'Could not recognize Fernet token']);
    const admin = await RawOpenStack.connect(fake, fake.adminCredentials);
    const projects = await admin.send('GET', '/identity/v3/projects?name=admin');
    expect(projects.json.links.self).toBe('http://fake-cloud.invalid/identity/v3/projects?name=admin');
    expect(projects.json.projects[0].description).toBe('Bootstrap project for initializing the cloud.');
    const roles = await admin.send('GET', '/identity/v3/roles?name=member');
    expect(roles.json.roles[0].options).toEqual({ immutable: true });
  });

  test("Cinder: the default type's answer has no type-access field (show and list do)", async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const byDefault = (await raw.send('GET', 'cinder:/types/default')).json.volume_type;
    expect(byDefault).not.toHaveProperty('os-volume-type-access:is_public');
    const shown = (await raw.send('GET', `cinder:/types/${byDefault.id}`)).json.volume_type;
    expect(shown['os-volume-type-access:is_public']).toBe(true);
  });
});
