import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      execFileSync(
        'openssl',
        ['x509', '-in', join(dir, 'ca.pem'), '-outform', 'der', '-out', join(dir, 'ca.der')],
        {
          stdio: 'ignore',
        },
      );
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
          ...['-keyout', join(dir, 'other-key.pem'), '-out', join(dir, 'other-ca.pem')],
          ...['-subj', '/CN=another CA'],
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
    }, 60_000); // two RSA keys take seconds on a loaded CI machine

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

    test('without the cacert the same cloud fails TLS verification, naming the cacert setting', async () => {
      const manager = new Manager(cloudConfigFromSettings('private', settings(authUrl), 'clouds.yaml'));
      try {
        const error = await manager.session.projectId().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectionError);
        expect((error as Error).message).toContain('is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
        expect((error as Error).message).toContain(
          'give its CA certificate (PEM) in cacert (in clouds.yaml)',
        );
      } finally {
        await manager.close();
      }
    });

    test('from the environment, the untrusted certificate names OS_CACERT', async () => {
      const manager = await Manager.fromEnv(osEnv(authUrl));
      try {
        const error = await manager.session.projectId().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectionError);
        expect((error as Error).message).toMatch(
          /not trusted .*give its CA certificate \(PEM\) in OS_CACERT/,
        );
      } finally {
        await manager.close();
      }
    });

    test('a cacert holding another CA says that CA did not sign the certificate', async () => {
      const manager = await Manager.fromEnv(osEnv(authUrl, { OS_CACERT: join(dir, 'other-ca.pem') }));
      try {
        const error = await manager.session.projectId().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectionError);
        expect((error as Error).message).toContain('the CA bundle of OS_CACERT did not sign it');
      } finally {
        await manager.close();
      }
    });

    test('a DER (non-PEM) OS_CACERT is a ConfigError naming the setting and the file, before any request', async () => {
      const der = join(dir, 'ca.der');
      const error = await Manager.fromEnv(osEnv(authUrl, { OS_CACERT: der })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'OPENSTACK_CONFIG_ERROR', field: 'OS_CACERT', source: der });
      expect((error as Error).message).toContain(
        `The CA bundle ${der} given by OS_CACERT holds no PEM certificate`,
      );
    });
  },
);

/** OS_* settings of a password cloud at `authUrl`. */
function osEnv(authUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    OS_AUTH_URL: authUrl,
    OS_USERNAME: 'alice',
    OS_PASSWORD: 'pw-123456',
    OS_PROJECT_NAME: 'demo',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    ...extra,
  };
}

describe('a cacert that cannot be used', () => {
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

  test.each([
    ['a file that is not a certificate at all', 'just some text\n', /holds no PEM certificate/],
    [
      'a PEM block that does not parse',
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
      /Certificate 1 of 1 in the CA bundle .* does not parse/,
    ],
  ])('%s is a ConfigError naming the setting and the file', (_name, content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'track-bad-cacert-'));
    try {
      const path = join(dir, 'ca.pem');
      writeFileSync(path, content);
      const config = cloudConfigFromSettings(
        'private',
        settings('https://keystone.example.com/v3', { cacert: path }),
        '/home/alice/clouds.yaml (clouds.private)',
      );
      const error = (() => {
        try {
          return new Manager(config);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ field: 'cacert', source: path });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(
        `${path} given by cacert (in /home/alice/clouds.yaml (clouds.private))`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
