import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cloudConfigFromSettings } from './config/cloud-settings';
import { ConfigError, ConnectionError } from './errors';
import { Manager } from './manager';

/** The cert is made at test time: checking in a key, even a test one, is what scanners flag. */
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function settings(authUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    auth: {
      auth_url: authUrl,
      username: 'alice',
      password: 'pw-123456',
      project_name: 'demo',
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    ...extra,
  };
}

describe.skipIf(!hasOpenssl)(
  'a cloud with a private CA (needs openssl on PATH to make a certificate)',
  () => {
    let dir = '';
    let server: Server;
    let authUrl = '';

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'track-cacert-'));
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
          ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem')],
          ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
        ],
        { stdio: 'ignore' },
      );
      server = createServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'ca.pem')) },
        (request, response) => {
          request.resume();
          response
            .writeHead(201, { 'x-subject-token': 'token-0123456789', 'content-type': 'application/json' })
            .end(JSON.stringify({ token: { expires_at: '2999-01-01T00:00:00Z', project: { id: 'p1' } } }));
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      authUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    });

    test('the cacert of the settings is trusted by the default transport', async () => {
      const config = cloudConfigFromSettings(
        'private',
        settings(authUrl, { cacert: join(dir, 'ca.pem') }),
        'clouds.yaml',
      );
      const manager = new Manager(config);
      try {
        await expect(manager.session.projectId()).resolves.toBe('p1');
      } finally {
        await manager.close();
      }
    });

    test('without the cacert the same cloud fails TLS verification', async () => {
      const manager = new Manager(cloudConfigFromSettings('private', settings(authUrl), 'clouds.yaml'));
      try {
        const error = await manager.session.projectId().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectionError);
      } finally {
        await manager.close();
      }
    });
  },
);

describe('an unreadable cacert', () => {
  test('is a ConfigError naming the file, from clouds.yaml settings', () => {
    const path = join(tmpdir(), 'track-no-such-dir', 'ca.pem');
    const config = cloudConfigFromSettings(
      'private',
      settings('https://keystone.example.com/v3', { cacert: path }),
      'clouds.yaml',
    );
    const error = (() => {
      try {
        return new Manager(config);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'OPENSTACK_CONFIG_ERROR', field: 'cacert', source: path });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('ENOENT');
  });

  test('is a ConfigError naming the file, from OS_CACERT', async () => {
    const path = join(tmpdir(), 'track-no-such-dir', 'env-ca.pem');
    const error = await Manager.fromEnv({
      OS_AUTH_URL: 'https://keystone.example.com/v3',
      OS_USERNAME: 'alice',
      OS_PASSWORD: 'pw-123456',
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_CACERT: path,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(path);
  });

  test('is not read when TLS verification is off', async () => {
    const config = cloudConfigFromSettings(
      'insecure',
      settings('https://keystone.example.com/v3', { cacert: '/no/such/ca.pem', verify: false }),
      'clouds.yaml',
    );
    const manager = new Manager(config);
    await manager.close();
    expect(manager.cloudName).toBe('insecure');
  });
});
