import { createPublicKey } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { FakeCloud } from './fake-cloud';
import { passwordAuth, RawOpenStack } from './fake-test-client';

// What the fake answers where it used to differ from a real Cinder 21 / Nova 26 (Zed), each compared
// with the real cloud of scripts/real-openstack or with Nova's source.
describe('the fake answers as Zed does', () => {
  const volume = (v: string) => ({ headers: { 'openstack-api-version': `volume ${v}` } });
  const compute = (v: string) => ({ headers: { 'openstack-api-version': `compute ${v}` } });

  test('Cinder advertises 3.70 and Nova 2.93, and refuses what is beyond with 406', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const doc = await raw.send('GET', '/volume/v3/');
    expect(doc.json.versions[0].version).toBe('3.70');
    expect([doc.headers['openstack-api-version'], doc.headers.vary]).toEqual([
      'volume 3.0',
      'OpenStack-API-Version',
    ]);
    expect((await raw.send('GET', '/compute/v2.1/')).json.version.version).toBe('2.93');
    expect((await raw.send('GET', 'cinder:/volumes', undefined, volume('3.71'))).status).toBe(406);
    expect((await raw.send('GET', 'nova:/servers', undefined, compute('2.94'))).status).toBe(406);
  });

  test('PUT /volumes/{id} takes display_name and display_description (openstack volume set --name)', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const created = await raw.send('POST', 'cinder:/volumes', { volume: { size: 1, display_name: 'a' } });
    expect(created.json.volume.name).toBe('a');
    const id = created.json.volume.id;
    await raw.send('PUT', `cinder:/volumes/${id}`, {
      volume: { display_name: 'renamed', display_description: 'described' },
    });
    const shown = await raw.send('GET', `cinder:/volumes/${id}`);
    expect(shown.json.volume).toMatchObject({ name: 'renamed', description: 'described' });
  });

  test('volume metadata routes: create merges, update replaces, items show, change and go', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const id = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
    const meta = `cinder:/volumes/${id}/metadata`;
    expect((await raw.send('POST', meta, { metadata: { a: '1' } })).json).toEqual({ metadata: { a: '1' } });
    expect((await raw.send('POST', meta, { metadata: { b: '2' } })).json).toEqual({
      metadata: { a: '1', b: '2' },
    });
    expect((await raw.send('PUT', `${meta}/a`, { meta: { a: '9' } })).json).toEqual({ meta: { a: '9' } });
    expect((await raw.send('GET', `${meta}/a`)).json).toEqual({ meta: { a: '9' } });
    const removed = await raw.send('DELETE', `${meta}/a`);
    expect([removed.status, removed.body]).toEqual([200, '']);
    expect((await raw.send('GET', `${meta}/a`)).json.itemNotFound.message).toBe(
      `Volume ${id} has no metadata with key a.`,
    );
    expect((await raw.send('PUT', meta, { metadata: { c: '3' } })).json).toEqual({ metadata: { c: '3' } });
    expect((await raw.send('GET', `cinder:/volumes/${id}`)).json.volume.metadata).toEqual({ c: '3' });
  });

  test('GET /flavors/{id}/os-extra_specs answers (openstack flavor list/show)', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const specs = await raw.send('GET', `nova:/flavors/${fake.computeDefaults.flavorId}/os-extra_specs`);
    expect(specs.status).toBe(200);
    expect(specs.json).toEqual({ extra_specs: {} });
  });

  test('a member sees no admin-only volume fields; an admin does; create and update show neither extension', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const member = await RawOpenStack.connect(fake);
    const admin = await RawOpenStack.connect(fake, fake.adminCredentials);
    const created = await member.send('POST', 'cinder:/volumes', { volume: { size: 1 } }, volume('3.70'));
    const adminOnly = [
      'os-vol-host-attr:host',
      'os-vol-mig-status-attr:migstat',
      'os-vol-mig-status-attr:name_id',
      'migration_status',
      'provider_id',
      'cluster_name',
    ];
    for (const field of [...adminOnly, 'os-vol-tenant-attr:tenant_id'])
      expect(created.json.volume).not.toHaveProperty(field);
    const id = created.json.volume.id;
    fake.settle();
    const asMember = (await member.send('GET', `cinder:/volumes/${id}`, undefined, volume('3.70'))).json
      .volume;
    for (const field of adminOnly) expect(asMember).not.toHaveProperty(field);
    expect(asMember).not.toHaveProperty('encryption_key_id');
    expect(asMember['os-vol-tenant-attr:tenant_id']).toBe(member.projectId);
    const asAdmin = (
      await admin.send('GET', `/volume/v3/${member.projectId}/volumes/${id}`, undefined, volume('3.70'))
    ).json.volume;
    for (const field of adminOnly) expect(asAdmin).toHaveProperty(field);
    const updated = await member.send(
      'PUT',
      `cinder:/volumes/${id}`,
      { volume: { name: 'x' } },
      volume('3.70'),
    );
    expect(updated.json.volume).not.toHaveProperty('os-vol-tenant-attr:tenant_id');
  });

  test('links are absolute; timestamps read back in whole seconds, the create answer keeps its fraction', async () => {
    let now = Date.parse('2026-12-01T12:53:50.081Z');
    const fake = new FakeCloud({ timeScale: 0, now: () => now });
    const raw = await RawOpenStack.connect(fake);
    const created = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume;
    expect(created.created_at).toBe('2026-12-01T12:53:50.081000');
    expect(created.links[0].href).toBe(
      `http://fake-cloud.invalid/volume/v3/${raw.projectId}/volumes/${created.id}`,
    );
    now += 1000;
    const shown = (await raw.send('GET', `cinder:/volumes/${created.id}`)).json.volume;
    expect(shown.created_at).toBe('2026-12-01T12:53:50.000000');
  });

  test('a deleting snapshot shows progress 100%; update answers without the extended attributes', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const sid = await createSnapshot(fake, raw);
    fake.settle();
    const updated = await raw.send('PUT', `cinder:/snapshots/${sid}`, { snapshot: { name: 'n' } });
    expect(updated.json.snapshot).not.toHaveProperty('os-extended-snapshot-attributes:progress');
    await raw.send('DELETE', `cinder:/snapshots/${sid}`);
    const deleting = (await raw.send('GET', `cinder:/snapshots/${sid}`)).json.snapshot;
    expect(deleting.status).toBe('deleting');
    expect(deleting['os-extended-snapshot-attributes:progress']).toBe('100%');
  });

  test('at compute 2.1 networks "none" is refused with Nova\'s 400; servers carry OS-SRV-USG fields', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const { flavorId, imageId } = fake.computeDefaults;
    const refused = await raw.send('POST', 'nova:/servers', {
      server: { name: 's', flavorRef: flavorId, imageRef: imageId, networks: 'none' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.badRequest.message).toContain("'none' is not of type 'array'");
    const created = await raw.send('POST', 'nova:/servers', {
      server: { name: 's', flavorRef: flavorId, imageRef: imageId },
    });
    const building = (await raw.send('GET', `nova:/servers/${created.json.server.id}`)).json.server;
    expect(building['OS-SRV-USG:launched_at']).toBeNull();
    expect(building['OS-SRV-USG:terminated_at']).toBeNull();
    fake.settle();
    const active = (
      await raw.send('GET', `nova:/servers/${created.json.server.id}`, undefined, compute('2.79'))
    ).json.server;
    expect(active['OS-SRV-USG:launched_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000$/);
    expect(active).toMatchObject({
      locked: false,
      locked_reason: null,
      description: null,
      tags: [],
      server_groups: [],
    });
  });

  test('compute limits and quota sets at 2.1 carry the keys Nova 2.1 shows', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const limits = (await raw.send('GET', 'nova:/limits')).json.limits.absolute;
    for (const key of ['maxImageMeta', 'maxPersonality', 'maxPersonalitySize', 'maxSecurityGroupRules'])
      expect(limits).toHaveProperty(key);
    const quotas = (await raw.send('GET', `nova:/os-quota-sets/${raw.projectId}`)).json.quota_set;
    for (const key of [
      'floating_ips',
      'fixed_ips',
      'security_groups',
      'security_group_rules',
      'injected_files',
    ])
      expect(quotas).toHaveProperty(key);
    const latest = (await raw.send('GET', `nova:/os-quota-sets/${raw.projectId}`, undefined, compute('2.57')))
      .json.quota_set;
    expect(latest).not.toHaveProperty('injected_files');
  });

  test('attach at 2.89 still answers with id (Nova changed only list and show)', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const { flavorId, imageId, networkId } = fake.computeDefaults;
    const sid = (
      await raw.send(
        'POST',
        'nova:/servers',
        {
          server: { name: 's', flavorRef: flavorId, imageRef: imageId, networks: [{ uuid: networkId }] },
        },
        compute('2.89'),
      )
    ).json.server.id;
    const vid = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
    fake.settle();
    const attached = await raw.send(
      'POST',
      `nova:/servers/${sid}/os-volume_attachments`,
      {
        volumeAttachment: { volumeId: vid },
      },
      compute('2.89'),
    );
    expect(attached.json.volumeAttachment.id).toBe(vid);
    fake.settle();
    const listed = (
      await raw.send('GET', `nova:/servers/${sid}/os-volume_attachments`, undefined, compute('2.89'))
    ).json;
    expect(listed.volumeAttachments[0]).not.toHaveProperty('id');
    expect(listed.volumeAttachments[0].attachment_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('keypairs: generated as Nova does (RSA, PKCS#1 PEM, ssh-rsa ... Generated-by-Nova), fingerprints as ssh-keygen -E md5', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const generated = (await raw.send('POST', 'nova:/os-keypairs', { keypair: { name: 'gen' } })).json
      .keypair;
    expect(generated.private_key).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----\n$/,
    );
    expect(generated.public_key).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E\S+ Generated-by-Nova$/);
    const modulus = Buffer.from(
      (createPublicKey(generated.private_key).export({ format: 'jwk' }) as { n: string }).n,
      'base64url',
    );
    expect(Buffer.from(generated.public_key.split(' ')[1], 'base64').includes(modulus)).toBe(true);
    const imported = await raw.send('POST', 'nova:/os-keypairs', {
      keypair: {
        name: 'imported',
        public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXggsvrsYxJ79l1fMruoTCe+frT4RBetiAuzJKLFlhJ test',
      },
    });
    expect(imported.json.keypair.fingerprint).toBe('1d:51:80:aa:6b:f9:4c:43:b0:bd:7d:6e:08:77:1a:c3');
    const bad = await raw.send('POST', 'nova:/os-keypairs', {
      keypair: { name: 'bad', public_key: 'ssh-rsa bm90IGEga2V5 x' },
    });
    expect(bad.status).toBe(400);
  });

  test('Glance v2 images and Neutron quotas are served, and the catalog lists the image service', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const auth = await raw.send('GET', '/identity/v3/auth/tokens', undefined, {
      headers: { 'x-subject-token': raw.token },
    });
    expect(auth.json.token.catalog.map((e: { type: string }) => e.type)).toContain('image');
    const images = await raw.send('GET', '/image/v2/images');
    expect(images.json.images.map((i: { id: string }) => i.id)).toContain(fake.computeDefaults.imageId);
    const image = await raw.send('GET', `/image/v2/images/${fake.computeDefaults.imageId}`);
    expect(image.json).toMatchObject({ status: 'active', visibility: 'public', disk_format: 'qcow2' });
    expect((await raw.send('GET', '/image/v2/images/nope')).status).toBe(404);
    const quota = await raw.send('GET', `neutron:/quotas/${raw.projectId}`);
    expect(quota.json.quota).toMatchObject({ network: 100, port: 500, floatingip: 100 });
    expect((await raw.send('GET', `neutron:/quotas/${raw.projectId}/default`)).status).toBe(200);
    expect(
      (await raw.send('GET', 'neutron:/extensions')).json.extensions.map((e: { alias: string }) => e.alias),
    ).toContain('quotas');
  });

  test('snapshot metadata routes answer (openstack volume snapshot set --property)', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const sid = await createSnapshot(fake, raw);
    const meta = `cinder:/snapshots/${sid}/metadata`;
    expect((await raw.send('POST', meta, { metadata: { a: '1' } })).json).toEqual({ metadata: { a: '1' } });
    expect((await raw.send('GET', `cinder:/snapshots/${sid}`)).json.snapshot.metadata).toEqual({ a: '1' });
    expect((await raw.send('GET', `${meta}/b`)).json.itemNotFound.message).toBe(
      `Snapshot ${sid} has no metadata with key b.`,
    );
  });

  test('error answers carry the served microversion headers as Cinder and Nova send them', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const missing = await raw.send('GET', 'cinder:/volumes/nope', undefined, volume('3.70'));
    expect([missing.status, missing.headers['openstack-api-version'], missing.headers.vary]).toEqual([
      404,
      'volume 3.70',
      'OpenStack-API-Version',
    ]);
    const beyond = await raw.send('GET', 'cinder:/volumes', undefined, volume('3.99'));
    expect([beyond.status, beyond.headers['openstack-api-version']]).toEqual([406, 'volume 3.99']);
    expect(beyond.json.computeFault.message).toBe(
      'Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is 3.70.',
    );
    const malformed = await raw.send('GET', 'cinder:/volumes', undefined, volume('abc'));
    expect(malformed.status).toBe(400);
    expect(malformed.headers).not.toHaveProperty('openstack-api-version');
    expect(malformed.json.badRequest.message).toBe(
      'API Version String abc is of invalid format. Must be of format MajorNum.MinorNum.',
    );
    const server = await raw.send('GET', 'nova:/servers/nope', undefined, compute('2.79'));
    expect([
      server.status,
      server.headers['openstack-api-version'],
      server.headers['x-openstack-nova-api-version'],
    ]).toEqual([404, 'compute 2.79', '2.79']);
  });

  test("401s: Keystone's names itself and varies on the token; a service's points at Keystone v3", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const refused = await raw.send(
      'POST',
      '/identity/v3/auth/tokens',
      passwordAuth({ ...fake.credentials, password: 'wrong' }),
      {
        token: false,
      },
    );
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Keystone uri="http://fake-cloud.invalid/identity/v3"');
    expect(refused.headers.vary).toBe('X-Auth-Token');
    const service = await raw.send('GET', 'cinder:/volumes', undefined, { token: false });
    expect(service.headers['www-authenticate']).toBe('Keystone uri="http://fake-cloud.invalid/identity/v3"');
  });

  test("an unknown route or method gets the router's generic 404, not a 405; an empty 202 has webob's content type", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const unknown = await raw.send('GET', 'cinder:/nonexistent');
    expect([unknown.status, unknown.json]).toEqual([
      404,
      {
        message: 'The resource could not be found.<br /><br />\n\n\n',
        code: '404 Not Found',
        title: 'Not Found',
      },
    ]);
    const html = await raw.send('GET', 'cinder:/nonexistent', undefined, { headers: { accept: '*/*' } });
    expect(html.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(html.body.length).toBe(154);
    expect((await raw.send('PUT', 'cinder:/limits', {})).status).toBe(404);
    const id = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
    fake.settle();
    const deleted = await raw.send('DELETE', `cinder:/volumes/${id}`);
    expect([deleted.status, deleted.headers['content-type']]).toEqual([202, 'text/html; charset=UTF-8']);
  });

  test('a full page links the next one (limit=1 with one volume), keeping the query and adding the marker', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const id = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
    const page = await raw.send('GET', 'cinder:/volumes/detail?limit=1');
    expect(page.json.volumes_links).toEqual([
      {
        rel: 'next',
        href: `http://fake-cloud.invalid/volume/v3/${raw.projectId}/volumes/detail?limit=1&marker=${id}`,
      },
    ]);
    expect((await raw.send('GET', 'cinder:/volumes/detail?limit=2')).json).not.toHaveProperty(
      'volumes_links',
    );
  });

  test('Cinder quotas: per project, per-type keys, gigabytes named first when both are over, no undefined', async () => {
    const fake = new FakeCloud({ timeScale: 0, quotas: { volumes: 1, gigabytes: 1 } });
    const member = await RawOpenStack.connect(fake);
    const admin = await RawOpenStack.connect(fake, fake.adminCredentials);
    const shown = (await member.send('GET', `cinder:/os-quota-sets/${member.projectId}`)).json.quota_set;
    expect(shown).toMatchObject({
      volumes: 1,
      volumes___DEFAULT__: -1,
      gigabytes___DEFAULT__: -1,
      snapshots___DEFAULT__: -1,
    });
    await admin.send('PUT', `/volume/v3/${admin.projectId}/os-quota-sets/${member.projectId}`, {
      quota_set: { volumes: 5 },
    });
    expect(
      (await member.send('GET', `cinder:/os-quota-sets/${member.projectId}`)).json.quota_set.volumes,
    ).toBe(5);
    const other = (await admin.send('GET', `/volume/v3/${admin.projectId}/os-quota-sets/someone-else`)).json
      .quota_set;
    expect(other.volumes).toBe(1);
    await member.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    await admin.send('PUT', `/volume/v3/${admin.projectId}/os-quota-sets/${member.projectId}`, {
      quota_set: { volumes: 1 },
    });
    const over = await member.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    expect(over.status).toBe(413);
    expect(over.json.overLimit.message).toMatch(
      /^VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota/,
    );
    const sizeless = await member.send('POST', 'cinder:/volumes', { volume: { name: 'x' } });
    expect(sizeless.status).toBe(400);
    expect(sizeless.body).not.toContain('undefined');
  });

  test("identity administration (Rally's users context): an admin creates a project and a user, grants member; the user works there", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const admin = await RawOpenStack.connect(fake, fake.adminCredentials);
    const member = await RawOpenStack.connect(fake);
    expect((await member.send('POST', '/identity/v3/projects', { project: { name: 'p' } })).status).toBe(403);
    const domain = await admin.send('GET', '/identity/v3/domains?name=Default');
    expect(domain.json.domains[0].id).toBe('default');
    const project = await admin.send('POST', '/identity/v3/projects', {
      project: { name: 'rally-p', domain_id: 'default' },
    });
    expect(project.status).toBe(201);
    const user = await admin.send('POST', '/identity/v3/users', {
      user: {
        name: 'rally-u',
        password: 'pw',
        domain_id: 'default',
        default_project_id: project.json.project.id,
      },
    });
    expect(user.status).toBe(201);
    const roles = (await admin.send('GET', '/identity/v3/roles')).json.roles;
    const memberRole = roles.find((r: { name: string }) => r.name === 'member').id;
    const grant = await admin.send(
      'PUT',
      `/identity/v3/projects/${project.json.project.id}/users/${user.json.user.id}/roles/${memberRole}`,
    );
    expect(grant.status).toBe(204);
    const newcomer = await RawOpenStack.connect(fake, {
      ...fake.credentials,
      username: 'rally-u',
      password: 'pw',
      projectName: 'rally-p',
    });
    expect(newcomer.projectId).toBe(project.json.project.id);
    expect((await newcomer.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).status).toBe(202);
    expect((await admin.send('DELETE', `/identity/v3/users/${user.json.user.id}`)).status).toBe(204);
    expect((await admin.send('DELETE', `/identity/v3/projects/${project.json.project.id}`)).status).toBe(204);
  });

  test("Rally's cleanup lists: backups and transfers (empty), Neutron extensions", async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    expect((await raw.send('GET', 'cinder:/backups/detail')).json).toEqual({ backups: [] });
    expect((await raw.send('GET', 'cinder:/os-volume-transfer/detail')).json).toEqual({ transfers: [] });
    expect(
      (await raw.send('GET', 'cinder:/volume-transfers/detail', undefined, volume('3.55'))).json,
    ).toEqual({ transfers: [] });
    expect((await raw.send('GET', 'cinder:/volume-transfers/detail', undefined, volume('3.54'))).status).toBe(
      404,
    );
    expect((await raw.send('GET', 'neutron:/extensions')).status).toBe(200);
  });

  test("default delays are the real Zed cloud's: a volume is available 1.1 s after its create, gone 0.3 s after its delete", async () => {
    let now = 0;
    const fake = new FakeCloud({ now: () => now, timeScale: 1, jitter: 0 });
    const raw = await RawOpenStack.connect(fake);
    const id = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
    now += 1099;
    expect((await raw.send('GET', `cinder:/volumes/${id}`)).json.volume.status).toBe('creating');
    now += 1;
    expect((await raw.send('GET', `cinder:/volumes/${id}`)).json.volume.status).toBe('available');
    await raw.send('DELETE', `cinder:/volumes/${id}`);
    now += 300;
    expect((await raw.send('GET', `cinder:/volumes/${id}`)).status).toBe(404);
  });

  test("volume types show qos_specs_id to admins only; Cinder's root document carries the version headers", async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const member = await RawOpenStack.connect(fake);
    const admin = await RawOpenStack.connect(fake, fake.adminCredentials);
    expect((await member.send('GET', 'cinder:/types')).json.volume_types[0]).not.toHaveProperty(
      'qos_specs_id',
    );
    expect(
      (await admin.send('GET', `/volume/v3/${admin.projectId}/types`)).json.volume_types[0],
    ).toHaveProperty('qos_specs_id');
    const root = await member.send('GET', '/volume/', undefined, volume('3.70'));
    expect([root.status, root.headers['openstack-api-version'], root.headers.vary]).toEqual([
      300,
      'volume 3.70',
      'OpenStack-API-Version',
    ]);
  });
});

/** Creates a 1 GiB volume, lets it become available and snapshots it; answers the snapshot's id. */
async function createSnapshot(fake: FakeCloud, raw: RawOpenStack): Promise<string> {
  const vid = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume.id;
  fake.settle();
  return (await raw.send('POST', 'cinder:/snapshots', { snapshot: { volume_id: vid } })).json.snapshot.id;
}
