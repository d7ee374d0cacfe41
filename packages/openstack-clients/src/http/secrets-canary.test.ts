import { inspect } from 'node:util';
import { Trace } from '@track/core';
import { describe, expect, test } from 'vitest';
import { Manager } from '../manager';
import type { Transport, TransportRequest, TransportResponse } from './transport';

const PASSWORD = 'canary-pw-7f3a9d2e61b4';
const TOKEN = 'canary-token-5c8e0b7a44d1';

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
