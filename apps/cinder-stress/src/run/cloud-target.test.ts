import { FakeCloud, type ListeningFakeCloud } from '@track/fake-openstack';
import { type CloudConfig, ConnectionError, Unauthorized, UnscopedToken } from '@track/openstack-clients';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CliError } from '../cli-error';
import { connectTarget, credentialError, settingName } from './cloud-target';

const PASSWORD = 'right-password-1234';
let fake: FakeCloud;
let listening: ListeningFakeCloud;

beforeAll(async () => {
  fake = new FakeCloud({ seed: 1, timeScale: 0, password: PASSWORD });
  listening = await fake.listen({ port: 0 });
});
afterAll(async () => {
  await listening.close();
  await fake.close();
});

function osEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const c = fake.credentialsAt(listening.url);
  return {
    OS_AUTH_URL: c.authUrl,
    OS_USERNAME: c.username,
    OS_PASSWORD: c.password,
    OS_PROJECT_NAME: c.projectName,
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    ...overrides,
  };
}

const options = { seed: 1, fakeTimeScale: 0, concurrency: 1 };

async function configError(env: NodeJS.ProcessEnv): Promise<CliError> {
  const error = await connectTarget(options, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('connectTarget authenticates before the run starts', () => {
  test('the right credentials connect', async () => {
    const target = await connectTarget(options, osEnv());
    expect(target.fake).toBeUndefined();
    await target.manager.close();
  });

  test('a wrong password is a configuration error naming OS_PASSWORD, without the password', async () => {
    const error = await configError(osEnv({ OS_PASSWORD: 'wrong-secret-9876' }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('OS_PASSWORD');
    expect(error.message).not.toContain('wrong-secret-9876');
    expect(error.message).not.toContain(PASSWORD);
  });

  test("a Keystone answering 503 twice is retried by the clients' RetryPolicy, and the run connects", async () => {
    const handle = fake.faults.add({ service: 'identity', status: 503, times: 2 });
    try {
      const target = await connectTarget(options, osEnv());
      expect(handle.fired).toBe(2);
      await target.manager.close();
    } finally {
      handle.remove();
    }
  });

  test('an unreachable auth URL is a configuration error naming OS_AUTH_URL', async () => {
    const error = await configError(osEnv({ OS_AUTH_URL: 'http://127.0.0.1:1/identity/v3' }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('OS_AUTH_URL');
  });
});

describe('credentialError names the setting of its source', () => {
  const config: CloudConfig = {
    name: 'prod',
    auth: {
      type: 'password',
      authUrl: 'https://keystone.example/v3',
      username: 'demo',
      password: 'hunter2-secret',
      projectName: 'demo',
    },
    interfaces: ['public'],
    endpointOverrides: {},
    verifyTls: true,
  };
  const rejected = new Unauthorized('Keystone rejected user demo (password hunter2-secret)', { status: 401 });
  const refused = new ConnectionError(
    'Could not reach POST https://keystone.example/v3/auth/tokens (ECONNREFUSED)',
  );
  test.each([
    ['environment', rejected, 'OS_PASSWORD'],
    [{ cloud: 'prod' }, rejected, 'auth.password of cloud prod in clouds.yaml'],
    ['environment', refused, 'OS_AUTH_URL'],
    [{ cloud: 'prod' }, refused, 'auth.auth_url of cloud prod in clouds.yaml'],
  ] as const)('%j, %s -> %s', (source, error, field) => {
    const message = credentialError(error, config, source).message;
    expect(message).toContain(field);
    expect(message).not.toContain('hunter2-secret');
  });

  test.each([
    ['raw', (secret: string) => secret],
    ['URL-encoded', encodeURIComponent],
    ['base64', (secret: string) => Buffer.from(secret).toString('base64')],
  ])('the password is redacted from what Keystone said in its %s form too', (_form, encode) => {
    const secret = 'hunter2 secret/+=';
    const withSpecials: CloudConfig = {
      ...config,
      auth: { ...config.auth, password: secret } as CloudConfig['auth'],
    };
    const error = new Unauthorized(`Keystone said: bad password ${encode(secret)}`, { status: 401 });
    expect(credentialError(error, withSpecials, 'environment').message).not.toContain(encode(secret));
  });

  test('an unscoped token is recognised by its error code, whatever its message says', () => {
    const error = new UnscopedToken('Keystone gave a token without a project', { status: 201 });
    expect(credentialError(error, config, 'environment').message).toContain('check OS_PROJECT_NAME');
  });

  test('settingName maps clouds.yaml keys to OS_* variables', () => {
    expect(settingName('environment', 'project_name')).toBe('OS_PROJECT_NAME');
    expect(settingName({ cloud: 'c' }, 'region_name', false)).toBe('region_name of cloud c in clouds.yaml');
  });
});

describe('--network on a real cloud', () => {
  test('none reaches Nova as the string "none": the server boots with no network', async () => {
    const env = osEnv({
      TRACK_FLAVOR: fake.computeDefaults.flavorId,
      TRACK_IMAGE: fake.computeDefaults.imageId,
    });
    const target = await connectTarget({ ...options, network: 'none' }, env);
    try {
      expect(target.compute?.networks).toBe('none');
      const { serversClient } = target.manager;
      const created = await serversClient.createServer({ name: 'no-network', ...target.compute! });
      expect((await serversClient.getServer(created.id)).addresses).toEqual({});
    } finally {
      await target.manager.close();
    }
  });

  test('a network id is sent as a list of one', async () => {
    const env = osEnv({
      TRACK_FLAVOR: fake.computeDefaults.flavorId,
      TRACK_IMAGE: fake.computeDefaults.imageId,
    });
    const target = await connectTarget({ ...options, network: fake.computeDefaults.networkId }, env);
    await target.manager.close();
    expect(target.compute?.networks).toEqual([fake.computeDefaults.networkId]);
  });
});
