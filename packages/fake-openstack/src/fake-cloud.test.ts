import { afterEach, describe, expect, test, vi } from 'vitest';
import { FakeCloud } from './fake-cloud';
import { passwordAuth, RawOpenStack } from './fake-test-client';
import { FaultPresets } from './fault-rules';
import { formatOsEnv } from './os-env';

describe('fake Cinder and Nova', () => {
  test('timeScale 0 is instant but asynchronous: the first GET after create still shows creating', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const created = await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    expect(created.status).toBe(202);
    expect(created.json.volume.status).toBe('creating');
    expect(created.json.volume.updated_at).toBeNull();
    const first = await raw.send('GET', `cinder:/volumes/${created.json.volume.id}`);
    expect(first.json.volume.status).toBe('creating');
    const second = await raw.send('GET', `cinder:/volumes/${created.json.volume.id}`);
    expect(second.json.volume.status).toBe('available');
    expect(second.json.volume.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  });

  describe('token issue delay', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    test('the token answer comes tokenIssue x timeScale after the request, not before', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      // 400 ms base x 0.5 = 200 ms: long enough to observe, and no real time passes.
      const fake = new FakeCloud({ timeScale: 0.5, jitter: 0, delays: { tokenIssue: 400 } });
      let answered = false;
      const connecting = RawOpenStack.connect(fake).then((raw) => {
        answered = true;
        return raw;
      });
      await vi.advanceTimersByTimeAsync(199);
      expect(answered).toBe(false);
      expect(fake.counters().tokensIssued).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(answered).toBe(true);
      expect((await connecting).token).toMatch(/^gAAAAA/);
      expect(fake.counters().tokensIssued).toBe(1);
    });

    test('timeScale 0 issues tokens without waiting on a timer', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      const fake = new FakeCloud({ timeScale: 0, delays: { tokenIssue: 10_000 } });
      await expect(RawOpenStack.connect(fake)).resolves.toBeInstanceOf(RawOpenStack);
    });
  });

  test('transitions follow the injected clock and the configured delays', async () => {
    let now = 0;
    const fake = new FakeCloud({ now: () => now, timeScale: 1, jitter: 0, delays: { volumeCreate: 2000 } });
    const raw = await RawOpenStack.connect(fake);
    const created = await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    const path = `cinder:/volumes/${created.json.volume.id}`;
    now += 1999;
    expect((await raw.send('GET', path)).json.volume.status).toBe('creating');
    now += 2;
    expect((await raw.send('GET', path)).json.volume.status).toBe('available');
  });

  test.each([
    ['volume 3.71', 406],
    ['volume 2.0', 406],
    ['volume three', 400],
  ])('Cinder microversion %s is answered %i', async (header, status) => {
    const raw = await RawOpenStack.connect(new FakeCloud());
    const response = await raw.send('GET', 'cinder:/volumes', undefined, {
      headers: { 'openstack-api-version': header },
    });
    expect(response.status).toBe(status);
  });

  test('the served microversion is echoed with Vary, and gated fields appear only from their version', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud({ timeScale: 0 }));
    const old = await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    expect(old.headers['openstack-api-version']).toBe('volume 3.0');
    expect(old.headers.vary).toBe('OpenStack-API-Version');
    expect(old.json.volume).not.toHaveProperty('volume_type_id');
    const latest = await raw.send('GET', `cinder:/volumes/${old.json.volume.id}`, undefined, {
      headers: { 'openstack-api-version': 'volume latest' },
    });
    expect(latest.headers['openstack-api-version']).toBe('volume 3.70');
    expect(latest.json.volume).toHaveProperty('volume_type_id');
  });

  test('error bodies use each service format', async () => {
    const raw = await RawOpenStack.connect(new FakeCloud());
    expect((await raw.send('GET', 'cinder:/volumes/nope')).json).toEqual({
      itemNotFound: { code: 404, message: 'Volume nope could not be found.' },
    });
    expect((await raw.send('GET', 'nova:/servers/nope')).json).toEqual({
      itemNotFound: { code: 404, message: 'Instance nope could not be found.' },
    });
    expect((await raw.send('GET', 'neutron:/floatingips/nope')).json.NeutronError).toMatchObject({
      type: 'FloatingIPNotFound',
    });
    expect((await raw.send('POST', 'cinder:/volumes', '{bad json')).status).toBe(400);
    // Cinder's router has no route for it: its generic 404, not a 405.
    expect((await raw.send('PUT', 'cinder:/limits', {})).status).toBe(404);
  });

  test('Nova quota exceeded is a 403, Cinder quota a 413 with Retry-After 0', async () => {
    const fake = new FakeCloud({ timeScale: 0, quotas: { instances: 0, volumes: 0 } });
    const raw = await RawOpenStack.connect(fake);
    const boot = await raw.send('POST', 'nova:/servers', {
      server: { name: 's', flavorRef: '1', imageRef: fake.computeDefaults.imageId },
    });
    expect(boot.status).toBe(403);
    expect(boot.json.forbidden.message).toMatch(/Quota exceeded for instances/);
    const volume = await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } });
    expect(volume.status).toBe(413);
    expect(volume.headers['retry-after']).toBe('0');
    expect(volume.json.overLimit.retryAfter).toBe('0');
  });

  test('attach needs an ACTIVE server (409) and an available volume; deleting a server detaches its volumes', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const raw = await RawOpenStack.connect(fake);
    const { imageId } = fake.computeDefaults;
    const server = (
      await raw.send('POST', 'nova:/servers', { server: { name: 's', flavorRef: '1', imageRef: imageId } })
    ).json.server;
    const volume = (await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).json.volume;
    const attach = () =>
      raw.send('POST', `nova:/servers/${server.id}/os-volume_attachments`, {
        volumeAttachment: { volumeId: volume.id },
      });
    expect((await attach()).status).toBe(409);
    await raw.poll(`nova:/servers/${server.id}`, (j) => j.server.status === 'ACTIVE');
    await raw.poll(`cinder:/volumes/${volume.id}`, (j) => j.volume.status === 'available');
    const attached = await attach();
    expect(attached.status).toBe(200);
    expect(attached.json.volumeAttachment).toMatchObject({
      id: volume.id,
      volumeId: volume.id,
      serverId: server.id,
      device: '/dev/vdb',
    });
    await raw.poll(`cinder:/volumes/${volume.id}`, (j) => j.volume.status === 'in-use');
    expect((await raw.send('DELETE', `cinder:/volumes/${volume.id}`)).status).toBe(400);
    expect((await raw.send('DELETE', `nova:/servers/${server.id}`)).status).toBe(204);
    await raw.poll(`nova:/servers/${server.id}`, (_j, status) => status === 404);
    await raw.poll(
      `cinder:/volumes/${volume.id}`,
      (j) => j.volume.status === 'available' && j.volume.attachments.length === 0,
    );
    expect((await raw.send('DELETE', `cinder:/volumes/${volume.id}`)).status).toBe(202);
    fake.settle();
    expect(fake.resources().volumes).toEqual([]);
  });
});

describe('faults and serving', () => {
  test('a seed replays the same faults', async () => {
    const pattern = async (seed: number) => {
      const fake = new FakeCloud({ seed, faultRate: 0.3 });
      const raw = await RawOpenStack.connect(fake);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await raw.send('GET', 'cinder:/volumes')).status);
      return statuses;
    };
    const a = await pattern(7);
    expect(await pattern(7)).toEqual(a);
    expect(a.filter((s) => s >= 500).length).toBeGreaterThan(3);
    expect(await pattern(8)).not.toEqual(a);
  });

  test('after N calls and times bound a rule', async () => {
    const fake = new FakeCloud();
    const handle = fake.faults.add({ route: 'GET /volumes', status: 500, afterCalls: 2, times: 1 });
    const raw = await RawOpenStack.connect(fake);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await raw.send('GET', 'cinder:/volumes')).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200]);
    expect(handle.fired).toBe(1);
  });

  test('a rate-limit preset answers 413 with Retry-After and the overLimit body', async () => {
    const fake = new FakeCloud({ faults: [FaultPresets.cinderRateLimit(1, 3)] });
    const raw = await RawOpenStack.connect(fake);
    const response = await raw.send('GET', 'cinder:/volumes');
    expect(response.status).toBe(413);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.json.overLimit).toMatchObject({ code: 413, retryAfter: '3' });
  });

  test.each([
    ['a rule on the identity service', { service: 'identity' as const, status: 503, times: 1 }],
    ['a service-less rule with includeIdentity', { includeIdentity: true, status: 503, times: 1 }],
  ])('%s answers token requests with the injected status, then lets them through', async (_name, rule) => {
    const fake = new FakeCloud({ timeScale: 0 });
    fake.faults.add(rule);
    const raw = new RawOpenStack((request) => fake.exchange(request), 'http://fake-cloud.invalid');
    const issue = () =>
      raw.send('POST', '/identity/v3/auth/tokens', passwordAuth(fake.credentials), { token: false });
    const refused = await issue();
    expect(refused.status).toBe(503);
    expect(refused.headers['x-subject-token']).toBeUndefined();
    expect(refused.json).toEqual({
      error: { code: 503, title: 'Service Unavailable', message: expect.any(String) },
    });
    expect(fake.counters()).toMatchObject({ tokensIssued: 0, faultsInjected: 1 });
    expect((await issue()).status).toBe(201);
    expect(fake.counters().tokensIssued).toBe(1);
  });

  test('a connection fault on identity drops the token request', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    fake.faults.add({ service: 'identity', connection: 'reset', times: 1 });
    await expect(RawOpenStack.connect(fake)).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(RawOpenStack.connect(fake)).resolves.toBeInstanceOf(RawOpenStack);
  });

  test('fault rules are validated', () => {
    const fake = new FakeCloud();
    expect(() => fake.faults.add({ probability: 2, status: 500 })).toThrow(/probability/);
    expect(() => fake.faults.add({ status: 200 })).toThrow(/error status/);
    expect(() => fake.faults.add({})).toThrow(/at least one of/);
  });

  test('the HTTP server answers like the in-process exchange, and a reset drops the connection', async () => {
    const fake = new FakeCloud({ timeScale: 0 });
    const listening = await fake.listen({ port: 0 });
    const raw = await RawOpenStack.connect(fake, fake.credentialsAt(listening.url), async (r) => {
      const response = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? null });
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => {
        headers[k] = v;
      });
      return { status: response.status, headers, body: await response.text() };
    });
    const created = await raw.send('POST', 'cinder:/volumes', { volume: { size: 2 } });
    expect(created.status).toBe(202);
    expect(created.headers['x-openstack-request-id']).toMatch(/^req-/);
    const token = await raw.send('POST', '/identity/v3/auth/tokens', undefined, { token: false });
    expect(token.status).toBe(400);
    fake.faults.add({ service: 'block-storage', connection: 'reset', times: 1 });
    await expect(raw.send('GET', 'cinder:/volumes')).rejects.toThrow();
    await listening.close();
  });

  test('formatOsEnv prints export lines for any OpenStack tool', () => {
    const fake = new FakeCloud();
    const lines = formatOsEnv(fake.credentialsAt('http://127.0.0.1:5000')).split('\n');
    expect(lines).toContain("export OS_AUTH_URL='http://127.0.0.1:5000/identity/v3'");
    expect(lines.map((l) => l.split('=')[0])).toEqual(
      expect.arrayContaining([
        'export OS_USERNAME',
        'export OS_PASSWORD',
        'export OS_PROJECT_NAME',
        'export OS_USER_DOMAIN_NAME',
        'export OS_PROJECT_DOMAIN_NAME',
      ]),
    );
  });
});
