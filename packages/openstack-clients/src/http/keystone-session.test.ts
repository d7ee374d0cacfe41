import { describe, expect, test } from 'vitest';
import { ServerFault } from '../errors';
import type { CloudConfig } from '../identity/credentials';
import { KeystoneSession } from './keystone-session';
import type { Transport, TransportRequest, TransportResponse } from './transport';

const config: CloudConfig = {
  name: 'unit',
  auth: {
    type: 'password',
    authUrl: 'https://keystone.test/v3',
    username: 'u',
    password: 'secret-pw',
    userDomainName: 'Default',
    projectName: 'p',
    projectDomainName: 'Default',
  },
  interfaces: ['public'],
  endpointOverrides: {},
  verifyTls: true,
};

/** Issues a token, then answers service calls with `answer`. */
function cloud(
  answer: (request: TransportRequest) => TransportResponse,
): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  return {
    requests,
    async request(request) {
      requests.push(request);
      if (request.url.endsWith('/auth/tokens')) {
        const catalog = [
          {
            type: 'volumev3',
            endpoints: [{ interface: 'public', region_id: 'R', url: 'https://cinder.test/v3/p' }],
          },
        ];
        return {
          status: 201,
          headers: { 'x-subject-token': 'tok-123456' },
          body: JSON.stringify({
            token: { expires_at: '2999-01-01T00:00:00Z', project: { id: 'p' }, catalog },
          }),
        };
      }
      return answer(request);
    },
  };
}

describe('KeystoneSession', () => {
  test('counts every request it sends, and as failed those with no answer, a 5xx or a body that is not JSON', async () => {
    let call = 0;
    const session = new KeystoneSession(
      config,
      cloud((request) => {
        call++;
        if (call === 2) return { status: 503, headers: {}, body: '' };
        if (call === 3) throw new Error('socket hang up');
        if (request.url.endsWith('/gone')) return { status: 404, headers: {}, body: '' };
        if (request.url.endsWith('/html')) return { status: 200, headers: {}, body: '<html>' };
        return { status: 200, headers: {}, body: '{}' };
      }),
      { retries: { max: 1, baseDelayMs: 0 }, sleep: async () => {} },
    );
    await session.request('block-storage', 'GET', '/volumes'); // 200
    await session.request('block-storage', 'GET', '/volumes').catch(() => undefined); // 503, then reset
    await session.request('block-storage', 'GET', '/gone', { expectedStatus: [404] }); // expected 404
    await session.request('block-storage', 'GET', '/gone').catch(() => undefined); // refused: 404
    await session.request('block-storage', 'POST', '/html').catch(() => undefined); // not JSON
    expect(session.requestCounts).toEqual({ sent: call, failed: 3 });
    expect(call).toBe(6);
    // The same requests per service, method and status; every attempt counts, `error` when unanswered.
    expect(session.requestOutcomes()).toEqual([
      { service: 'block-storage', method: 'GET', status: '200', count: 1 },
      { service: 'block-storage', method: 'GET', status: '503', count: 1 },
      { service: 'block-storage', method: 'GET', status: 'error', count: 1 },
      { service: 'block-storage', method: 'GET', status: '404', count: 2 },
      { service: 'block-storage', method: 'POST', status: '200', count: 1 },
    ]);
  });

  test('a 200 whose body is not JSON is a ServerFault naming the content type', async () => {
    const session = new KeystoneSession(
      config,
      cloud(() => ({
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<html>maintenance</html>',
      })),
    );
    const error = await session.request('block-storage', 'GET', '/volumes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerFault);
    expect((error as Error).message).toBe(
      'GET https://cinder.test/v3/p/volumes answered 200 with a body that is not JSON (text/html)',
    );
  });

  test('a 500 with an HTML body is a ServerFault saying a proxy answered', async () => {
    const session = new KeystoneSession(
      config,
      cloud(() => ({ status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>500</h1>' })),
    );
    const error = await session.request('block-storage', 'GET', '/volumes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerFault);
    expect((error as Error).message).toMatch(/failed with 500 \(an HTML page, not an OpenStack error/);
  });

  test('microversion headers per service, the token header, and the query string', async () => {
    const transport = cloud(() => ({ status: 200, headers: {}, body: '{"volumes":[]}' }));
    const session = new KeystoneSession(config, transport, { microversions: { 'block-storage': '3.60' } });
    await session.request('block-storage', 'GET', '/volumes', {
      query: { name: 'a b', limit: 5, marker: undefined },
    });
    const sent = transport.requests.at(-1)!;
    expect(sent.url).toBe('https://cinder.test/v3/p/volumes?name=a+b&limit=5');
    expect(sent.headers['openstack-api-version']).toBe('volume 3.60');
    expect(sent.headers['x-auth-token']).toBe('tok-123456');
  });

  test('the auth request carries the password but nothing the session shows does', async () => {
    const session = new KeystoneSession(
      config,
      cloud(() => ({
        status: 404,
        headers: {},
        body: '{"itemNotFound":{"code":404,"message":"secret-pw tok-123456"}}',
      })),
    );
    const error = await session.request('block-storage', 'GET', '/volumes/x').catch((e: unknown) => e);
    expect((error as Error).message).not.toMatch(/secret-pw|tok-123456/);
    expect(JSON.stringify(session)).not.toMatch(/secret-pw|tok-123456/);
  });

  test('one revoked token with 50 calls in flight re-authenticates once, though the 401s arrive one by one', async () => {
    let issued = 0;
    const valid = new Set<string>();
    const transport: Transport = {
      async request(request): Promise<TransportResponse> {
        if (request.url.endsWith('/auth/tokens')) {
          issued++;
          const id = `tok-${issued}-abcdef`;
          valid.add(id);
          const catalog = [
            { type: 'volumev3', endpoints: [{ interface: 'public', url: 'https://cinder.test/v3/p' }] },
          ];
          return {
            status: 201,
            headers: { 'x-subject-token': id },
            body: JSON.stringify({
              token: { expires_at: '2999-01-01T00:00:00Z', project: { id: 'p' }, catalog },
            }),
          };
        }
        const token = request.headers['x-auth-token']!;
        const slot = Number(/\/volumes\/(\d+)/.exec(request.url)?.[1] ?? 0);
        // Staggered answers: call n answers after n ms, so the 401s for the revoked token trickle in
        // while calls retried with the fresh token are already succeeding.
        await new Promise((resolve) => setTimeout(resolve, slot));
        if (!valid.has(token)) return { status: 401, headers: {}, body: '{"error":{"code":401}}' };
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"volume":{}}' };
      },
    };
    const session = new KeystoneSession(config, transport);
    await session.request('block-storage', 'GET', '/volumes/0');
    expect(issued).toBe(1);
    valid.clear(); // the token is revoked
    const calls = Array.from({ length: 50 }, (_, n) =>
      session.request('block-storage', 'GET', `/volumes/${n + 1}`),
    );
    await Promise.all(calls);
    expect(issued).toBe(2);
  });
});
