import { describe, expect, test } from 'vitest';
import { FakeCloud } from '../fake-cloud';
import { passwordAuth, RawOpenStack } from '../fake-test-client';

describe('fake Keystone v3', () => {
  test('a password token is issued with X-Subject-Token and a catalog of every service', async () => {
    const fake = new FakeCloud();
    const raw = new RawOpenStack((request) => fake.exchange(request), 'http://fake-cloud.invalid');
    const response = await raw.send('POST', '/identity/v3/auth/tokens', passwordAuth(fake.credentials), {
      token: false,
    });
    expect(response.status).toBe(201);
    expect(response.headers['x-subject-token']).toMatch(/^gAAAAA/);
    expect(response.body).not.toContain(response.headers['x-subject-token']);
    const types = response.json.token.catalog.map((entry: { type: string }) => entry.type);
    expect(types).toEqual(['identity', 'block-storage', 'volumev3', 'compute', 'network', 'image']);
    const cinder = response.json.token.catalog[1].endpoints.find(
      (e: { interface: string }) => e.interface === 'public',
    );
    expect(cinder.url).toBe(`http://fake-cloud.invalid/volume/v3/${fake.projectId}`);
    expect(response.json.token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  test.each([
    ['wrong password', (c: any) => ({ ...c, password: 'nope' }), 401],
    ['unknown user', (c: any) => ({ ...c, username: 'ghost' }), 401],
    ['unknown project', (c: any) => ({ ...c, projectName: 'ghost' }), 401],
    ['unknown domain', (c: any) => ({ ...c, userDomainName: 'Elsewhere' }), 401],
  ])('%s is answered 401 in the Keystone error shape', async (_name, change, status) => {
    const fake = new FakeCloud();
    const raw = new RawOpenStack((request) => fake.exchange(request), 'http://fake-cloud.invalid');
    const response = await raw.send(
      'POST',
      '/identity/v3/auth/tokens',
      passwordAuth(change(fake.credentials)),
      { token: false },
    );
    expect(response.status).toBe(status);
    expect(response.json).toEqual({
      error: { code: 401, title: 'Unauthorized', message: expect.any(String) },
    });
    expect(response.body).not.toContain(fake.credentials.password);
  });

  test('a user named without a domain is a 400', async () => {
    const fake = new FakeCloud();
    const raw = new RawOpenStack((request) => fake.exchange(request), 'http://fake-cloud.invalid');
    const body = {
      auth: { identity: { methods: ['password'], password: { user: { name: 'demo', password: 'x' } } } },
    };
    const response = await raw.send('POST', '/identity/v3/auth/tokens', body, { token: false });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toContain('domain');
  });

  test('an application credential authenticates without a scope block and is refused with one', async () => {
    const fake = new FakeCloud();
    const raw = new RawOpenStack((request) => fake.exchange(request), 'http://fake-cloud.invalid');
    const { id, secret } = fake.applicationCredential;
    const identity = { methods: ['application_credential'], application_credential: { id, secret } };
    const ok = await raw.send('POST', '/identity/v3/auth/tokens', { auth: { identity } }, { token: false });
    expect(ok.status).toBe(201);
    expect(ok.json.token.project.id).toBe(fake.projectId);
    expect(ok.json.token.application_credential).toMatchObject({ id, restricted: true });
    const scoped = await raw.send(
      'POST',
      '/identity/v3/auth/tokens',
      { auth: { identity, scope: { project: { id: fake.projectId } } } },
      { token: false },
    );
    expect(scoped.status).toBe(401);
    const wrong = await raw.send(
      'POST',
      '/identity/v3/auth/tokens',
      { auth: { identity: { ...identity, application_credential: { id, secret: 'bad' } } } },
      { token: false },
    );
    expect(wrong.status).toBe(401);
  });

  test('services reject a missing, unknown or expired token with the keystonemiddleware 401', async () => {
    let now = 1_000_000;
    const fake = new FakeCloud({ now: () => now, tokenTtlSeconds: 60 });
    const raw = await RawOpenStack.connect(fake);
    expect((await raw.send('GET', 'cinder:/volumes')).status).toBe(200);
    now += 61_000;
    const expired = await raw.send('GET', 'cinder:/volumes');
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toBe('Keystone uri="http://fake-cloud.invalid/identity/v3"');
    expect(expired.json).toEqual({
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    });
    const missing = await raw.send('GET', 'nova:/servers', undefined, { token: false });
    expect(missing.status).toBe(401);
  });

  test('expireTokens forces every client to re-authenticate, and tokens issued are counted', async () => {
    const fake = new FakeCloud();
    const raw = await RawOpenStack.connect(fake);
    expect(fake.expireTokens()).toBe(1);
    expect((await raw.send('GET', 'cinder:/volumes')).status).toBe(401);
    await RawOpenStack.connect(fake);
    expect(fake.counters().tokensIssued).toBe(2);
  });

  test('GET, HEAD and DELETE /v3/auth/tokens validate and revoke a token', async () => {
    const fake = new FakeCloud();
    const caller = await RawOpenStack.connect(fake);
    const subject = await RawOpenStack.connect(fake);
    const headers = { 'x-subject-token': subject.token };
    expect((await caller.send('GET', '/identity/v3/auth/tokens', undefined, { headers })).status).toBe(200);
    expect((await caller.send('HEAD', '/identity/v3/auth/tokens', undefined, { headers })).status).toBe(200);
    expect((await caller.send('DELETE', '/identity/v3/auth/tokens', undefined, { headers })).status).toBe(
      204,
    );
    expect((await caller.send('GET', '/identity/v3/auth/tokens', undefined, { headers })).status).toBe(404);
    expect((await subject.send('GET', 'cinder:/volumes')).status).toBe(401);
  });
});
