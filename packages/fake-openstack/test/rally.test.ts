import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeCloud } from '../src/fake-cloud';
import type { ListeningFakeCloud } from '../src/http-server';
import { osEnvironment } from '../src/os-env';
import { needs, run, systemCommand } from './system-tools';

// Rally 3.3 with rally-openstack 2.2 (Debian) against the fake on loopback: a deployment made by
// `rally deployment create --fromenv` from the admin's settings, then CinderVolumes.create_and_delete_volume
// with Rally's users context (it creates a project and a user, and cleans up after). Rally is slow
// to start and polls every 2 s: a generous timeout.
const requirement = needs('rally (rally, python3-rally-openstack)', systemCommand('rally'));
const TASK = `---
version: 2
title: fake cloud
subtasks:
  - title: create and delete a volume
    scenario:
      CinderVolumes.create_and_delete_volume:
        size: 1
    runner:
      constant:
        times: 2
        concurrency: 1
    contexts:
      users:
        tenants: 1
        users_per_tenant: 1
`;

describe.skipIf(requirement.skip)(`Rally against the fake ${requirement.reason}`, () => {
  let listening: ListeningFakeCloud;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    const fake = new FakeCloud({ timeScale: 0.01 });
    listening = await fake.listen();
    dir = mkdtempSync(join(tmpdir(), 'rally-'));
    writeFileSync(
      join(dir, 'rally.conf'),
      `[database]\nconnection = sqlite:///${join(dir, 'rally.sqlite')}\n`,
    );
    writeFileSync(join(dir, 'task.yaml'), TASK);
    env = { ...osEnvironment(fake.adminCredentialsAt(listening.url)), HOME: dir };
  });
  afterAll(async () => {
    await listening?.close();
  });

  test('rally task start CinderVolumes.create_and_delete_volume passes, with no ERROR in its log', async () => {
    const rally = (...args: string[]) =>
      run('rally', ['--config-file', join(dir, 'rally.conf'), ...args], env, 400_000);
    await rally('db', 'create');
    await rally('deployment', 'create', '--fromenv', '--name', 'fake');
    const log = await rally('task', 'start', join(dir, 'task.yaml'));
    expect(log).toContain('has 0 error(s)');
    expect(log).toMatch(/cinder_v3\.create_volume .*100\.0%/);
    expect(log.split('\n').filter((line) => / ERROR |Traceback/.test(line))).toEqual([]);
  }, 600_000);
});
