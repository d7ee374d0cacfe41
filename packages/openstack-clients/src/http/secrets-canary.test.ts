import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Trace } from '@track/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cloudConfigFromSettings } from '../config/cloud-settings';
import { ConfigError, ConnectionError, Unauthorized } from '../errors';
import { Manager } from '../manager';
import { FetchTransport } from './fetch-transport';
import type { Transport, TransportRequest, TransportResponse } from './transport';
import { UndiciTransport } from './undici-transport';

const PASSWORD = 'canary-pw-7f3a9d2e61b4';
const TOKEN = 'canary-token-5c8e0b7a44d1';
/** Only ever in an auth URL's userinfo, so only userinfo scrubbing can hide it. */
const URL_PASSWORD = 'canary-urlpw-2b9d4e7c13a8';

/** Every text a user, log line or report could take from `error`. */
function textsOf(error: unknown): string[] {
  return [
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
    String(error),
    inspect(error, { depth: 8 }),
  ];
}

function expectNoSecretIn(texts: string[]): void {
  const all = texts.join('\n');
  for (const secret of [PASSWORD, TOKEN, URL_PASSWORD]) {
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
      expect(all.includes(form), `leaked ${form} in:\n${all}`).toBe(false);
    }
  }
}

/**
 * A hostile cloud: it issues a token, then answers every service call with an error whose message,
 * headers and body echo the secrets and the request URL back.
 */
class EchoingCloud implements Transport {
  async request(request: TransportRequest): Promise<TransportResponse> {
    if (request.url.endsWith('/auth/tokens')) {
      const catalog = ['block-storage', 'compute', 'network'].map((type) => ({
        type,
        endpoints: [
          {
            interface: 'public',
            region_id: 'RegionOne',
            url: `https://cloud.example.com/${type}?token=${TOKEN}`,
          },
        ],
      }));
      return {
        status: 201,
        headers: { 'x-subject-token': TOKEN },
        body: JSON.stringify({
          token: { expires_at: '2999-01-01T00:00:00.000000Z', project: { id: 'p1' }, catalog },
        }),
      };
    }
    const echoed = `token ${request.headers['x-auth-token']} password ${PASSWORD} url ${request.url} encoded ${encodeURIComponent(TOKEN)} b64 ${Buffer.from(PASSWORD).toString('base64')}`;
    return {
      status: 500,
      headers: { 'x-openstack-request-id': 'req-1' },
      body: JSON.stringify({ computeFault: { code: 500, message: echoed } }),
    };
  }
}

describe('secrets never leak', () => {
  test('no message, stack, JSON or inspection of errors, clients, session, manager or stats holds a secret', async () => {
    const manager = await Manager.fromEnv(
      {
        OS_AUTH_URL: `https://user:${PASSWORD}@keystone.example.com/v3`,
        OS_USERNAME: 'alice',
        OS_PASSWORD: PASSWORD,
        OS_PROJECT_NAME: 'demo',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
      },
      { transport: new EchoingCloud() },
    );
    const trace = new Trace();
    for (const client of Object.values(manager.clients())) trace.decorate(client);
    const errors: unknown[] = [];
    for (const call of [
      () => manager.volumesClient.getVolume('v1'),
      () => manager.serversClient.listServers(),
      () => manager.floatingIpsClient.listFloatingIps(),
    ]) {
      errors.push(await call().catch((e: unknown) => e));
    }
    const texts = [
      ...errors.flatMap((e) => [
        (e as Error).message,
        (e as Error).stack ?? '',
        JSON.stringify(e),
        inspect(e, { depth: 5 }),
      ]),
      JSON.stringify(manager),
      inspect(manager, { depth: 5 }),
      inspect(manager.volumesClient, { depth: 5 }),
      JSON.stringify(manager.volumesClient),
      inspect(manager.session, { depth: 5 }),
      JSON.stringify(trace.stats.toJSON()),
    ].join('\n');
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(texts).toContain('***');
    for (const secret of [PASSWORD, TOKEN]) {
      for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
        expect(texts.includes(form), `leaked ${form}`).toBe(false);
      }
    }
  });
});

/**
 * A loopback "Keystone" answering POST <prefix>/v3/auth/tokens with a bad response chosen by the
 * prefix, each one echoing the token it issues.
 */
function badKeystone(): Server {
  return createServer((request, response) => {
    request.resume();
    const scoped = JSON.stringify({ token: { expires_at: '2999-01-01T00:00:00Z', project: { id: 'p1' } } });
    if (request.url?.startsWith('/no-subject-token/')) {
      response.writeHead(201, { 'content-type': 'application/json' }).end(scoped);
    } else if (request.url?.startsWith('/not-json/')) {
      response
        .writeHead(201, { 'x-subject-token': TOKEN, 'content-type': 'text/html' })
        .end(`<html>token ${TOKEN}</html>`);
    } else if (request.url?.startsWith('/unscoped/')) {
      response
        .writeHead(201, { 'x-subject-token': TOKEN, 'content-type': 'application/json' })
        .end(JSON.stringify({ token: { expires_at: '2999-01-01T00:00:00Z', id: TOKEN } }));
    } else {
      response.writeHead(404).end();
    }
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('secrets never leak from Keystone failures', () => {
  const server = badKeystone();
  let port = 0;
  beforeAll(async () => {
    port = await listen(server);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test.each([
    ['undici', 'no-subject-token', /issued no X-Subject-Token header/],
    ['undici', 'not-json', /body that is not JSON/],
    ['undici', 'unscoped', /issued an unscoped token/],
    ['fetch', 'no-subject-token', /issued no X-Subject-Token header/],
    ['fetch', 'not-json', /body that is not JSON/],
    ['fetch', 'unscoped', /issued an unscoped token/],
  ])('over %s, a Keystone answer with %s names the scrubbed URL only', async (transport, prefix, message) => {
    const manager = await Manager.fromEnv(
      {
        OS_AUTH_URL: `http://alice:${URL_PASSWORD}@127.0.0.1:${port}/${prefix}/v3`,
        OS_USERNAME: 'alice',
        OS_PASSWORD: PASSWORD,
        OS_PROJECT_NAME: 'demo',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
      },
      transport === 'fetch' ? { fetch } : {},
    );
    try {
      const error = await manager.volumesClient.getVolume('v1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Unauthorized);
      expect(error).toMatchObject({
        code: prefix === 'unscoped' ? 'OPENSTACK_UNSCOPED_TOKEN' : 'OPENSTACK_UNAUTHORIZED',
        message: expect.stringMatching(message),
        url: `http://127.0.0.1:${port}/${prefix}/v3/auth/tokens`,
      });
      expectNoSecretIn([...textsOf(error), JSON.stringify(manager), inspect(manager, { depth: 5 })]);
    } finally {
      await manager.close();
    }
  });
});

describe('secrets never leak from transport connection failures', () => {
  let closedPort = 0;
  beforeAll(async () => {
    const server = createServer();
    closedPort = await listen(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const url = (): string =>
    `http://alice:${URL_PASSWORD}@127.0.0.1:${closedPort}/v3/auth/tokens?token=${TOKEN}`;

  test.each([
    ['UndiciTransport', () => new UndiciTransport()],
    ['FetchTransport over Node fetch', () => new FetchTransport()],
  ])('%s: connection refused to a URL with userinfo and a token query', async (_name, make) => {
    const transport: Transport = make();
    try {
      const error = await transport
        .request({ method: 'POST', url: url(), headers: { 'x-auth-token': TOKEN }, timeoutMs: 5_000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({
        code: 'OPENSTACK_CONNECTION_ERROR',
        url: `http://127.0.0.1:${closedPort}/v3/auth/tokens`,
      });
      expectNoSecretIn(textsOf(error));
    } finally {
      await transport.close?.();
    }
  });

  test('FetchTransport: a fetch whose own error quotes the URL and its cause is scrubbed', async () => {
    const hostileFetch = (async (input: string | URL | Request) => {
      throw new TypeError(`cannot fetch ${String(input)} (${url()})`, {
        cause: new Error(`socket to ${url()} closed`),
      });
    }) as typeof fetch;
    const error = await new FetchTransport(hostileFetch)
      .request({ method: 'GET', url: url(), headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('token=***');
    expectNoSecretIn(textsOf(error));
  });
});

describe('secrets never leak from configuration errors', () => {
  test.each([
    ['clouds.yaml', 'clouds.yaml'],
    ['environment', 'OS_* environment'],
  ])('a non-http auth_url with a password in it is reported without the password (%s)', (_label, source) => {
    const error = (() => {
      try {
        cloudConfigFromSettings(
          'c1',
          {
            auth: {
              auth_url: `ftp://admin:${URL_PASSWORD}@keystone.example.com/v3`,
              username: 'u',
              password: PASSWORD,
            },
          },
          source,
        );
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/auth_url/);
    expectNoSecretIn(textsOf(error));
  });
});
