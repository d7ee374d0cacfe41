import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors';
import { loadCloudFromYaml } from './clouds-yaml';
import { cloudConfigFromEnv } from './from-env';

const baseEnv = {
  OS_AUTH_URL: 'https://keystone.example.com:5000/v3',
  OS_USERNAME: 'alice',
  OS_PASSWORD: 'pw-123456',
  OS_PROJECT_NAME: 'demo',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
};

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'track-config-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('configuration from the environment', () => {
  test('OS_* variables form the envvars cloud', async () => {
    const config = await cloudConfigFromEnv({
      ...baseEnv,
      OS_REGION_NAME: 'RegionTwo',
      OS_INTERFACE: 'internalURL',
    });
    expect(config).toMatchObject({ name: 'envvars', regionName: 'RegionTwo', interfaces: ['internal'] });
    expect(config.auth).toMatchObject({
      type: 'password',
      username: 'alice',
      projectName: 'demo',
      userDomainName: 'Default',
    });
  });

  test('application credentials from the environment', async () => {
    const config = await cloudConfigFromEnv({
      OS_AUTH_URL: 'https://keystone.example.com/v3',
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_ID: 'abc',
      OS_APPLICATION_CREDENTIAL_SECRET: 'shh-secret',
    });
    expect(config.auth).toMatchObject({ type: 'applicationCredential', applicationCredentialId: 'abc' });
  });

  test.each([
    [{}, 'OS_AUTH_URL'],
    [{ ...baseEnv, OS_PASSWORD: '' }, 'OS_PASSWORD'],
    [{ ...baseEnv, OS_USER_DOMAIN_NAME: '' }, 'OS_USER_DOMAIN_NAME'],
    [{ ...baseEnv, OS_PROJECT_NAME: '' }, 'OS_PROJECT_NAME'],
    [{ ...baseEnv, OS_AUTH_URL: 'keystone' }, 'OS_AUTH_URL'],
    [{ ...baseEnv, OS_AUTH_TYPE: 'v3totp' }, 'OS_AUTH_TYPE'],
  ])('a missing or bad setting names the variable (%#)', async (env, variable) => {
    const error = await cloudConfigFromEnv(env as NodeJS.ProcessEnv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(variable);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).not.toContain('pw-123456');
  });
});

describe('clouds.yaml', () => {
  test('a cloud is loaded with secure.yaml merged over it', async () => {
    const clouds = tempFile(
      'clouds.yaml',
      'clouds:\n  lab:\n    auth:\n      auth_url: https://lab.example.com:5000\n      username: bob\n      project_name: p\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n    api_timeout: 30\n',
    );
    const secure = tempFile('secure.yaml', 'clouds:\n  lab:\n    auth:\n      password: from-secure\n');
    const config = loadCloudFromYaml({ cloud: 'lab', path: clouds, env: { OS_CLIENT_SECURE_FILE: secure } });
    expect(config).toMatchObject({ name: 'lab', regionName: 'RegionOne', requestTimeoutMs: 30_000 });
    expect(config.auth).toMatchObject({ password: 'from-secure', username: 'bob' });
  });

  test('OS_CLOUD selects a cloud from OS_CLIENT_CONFIG_FILE', async () => {
    const clouds = tempFile(
      'clouds.yaml',
      'clouds:\n  one:\n    auth: {auth_url: "https://one.example.com/v3", username: u, password: p1234, project_name: x, user_domain_name: D, project_domain_name: D}\n',
    );
    const config = await cloudConfigFromEnv({ OS_CLOUD: 'one', OS_CLIENT_CONFIG_FILE: clouds });
    expect(config.name).toBe('one');
  });

  test('malformed YAML names the file and the line', () => {
    const path = tempFile('clouds.yaml', 'clouds:\n  lab:\n    auth: [unclosed\n    x: y\n');
    const error = (() => {
      try {
        loadCloudFromYaml({ cloud: 'lab', path });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+ is not valid YAML`),
    );
  });

  test('an unknown cloud lists the known ones', () => {
    const path = tempFile('clouds.yaml', 'clouds:\n  a: {}\n  b: {}\n');
    expect(() => loadCloudFromYaml({ cloud: 'c', path })).toThrow(
      /Cloud "c" is not defined in .*clouds: a, b/,
    );
  });

  test('a missing field names it and the file', () => {
    const path = tempFile('clouds.yaml', 'clouds:\n  lab:\n    auth: {username: u, password: p1234}\n');
    expect(() => loadCloudFromYaml({ cloud: 'lab', path })).toThrow(
      /auth\.auth_url \(in .*clouds\.yaml \(clouds\.lab\)\) is missing/,
    );
  });

  test('an unknown region of the cloud is a config error', () => {
    const path = tempFile(
      'clouds.yaml',
      'clouds:\n  lab:\n    regions: [r1, r2]\n    auth: {auth_url: "https://x.example.com", username: u, password: p1234, project_name: x, user_domain_name: D, project_domain_name: D}\n',
    );
    expect(() => loadCloudFromYaml({ cloud: 'lab', path, regionName: 'r3' })).toThrow(
      /region_name "r3" is not one of the regions/,
    );
  });
});
