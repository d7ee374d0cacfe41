import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cloudConfigFromEnv, Manager } from '@track/openstack-clients';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanEnv, finished, outDir, runCli, startCli, waitForOutput } from './cli-harness';

type CliChild = ReturnType<typeof startCli>;

/** `cinder-stress fake-cloud` on a free port, with the OS_* and TRACK_* settings it printed. */
async function serveFakeCloud(
  args: string[] = [],
): Promise<{ child: CliChild; env: Record<string, string> }> {
  const child = startCli(['fake-cloud', '--port', '0', ...args]);
  await waitForOutput(child, (out) => out.stdout.includes('TRACK_NETWORK'));
  const env: Record<string, string> = {};
  for (const match of child.out.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)) env[match[1]!] = match[2]!;
  return { child, env };
}

async function stopFakeCloud(child: CliChild): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGINT');
  await finished(child, 10_000);
}

/** Counts the live volumes, snapshots and servers of a served fake cloud, through the clients. */
async function resourceCounter(
  env: Record<string, string>,
): Promise<{ count: () => Promise<number>; close: () => Promise<void> }> {
  // The fake's fault rate hits these reads too: retry them.
  const manager = new Manager(await cloudConfigFromEnv(env), {
    retries: { max: 9, onStatuses: [500, 502, 503], baseDelayMs: 10 },
  });
  return {
    count: async () =>
      (await manager.volumesClient.listVolumes()).length +
      (await manager.snapshotsClient.listSnapshots()).length +
      (await manager.serversClient.listServers()).length,
    close: () => manager.close(),
  };
}

function iterations(stdout: string): { passed: number; failed: number } {
  const match = /run \w+: (\d+) iterations passed, (\d+) failed/.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return { passed: Number(match![1]), failed: Number(match![2]) };
}

describe('configuration errors are found before the run starts', () => {
  let fake: Awaited<ReturnType<typeof serveFakeCloud>>;
  beforeAll(async () => {
    fake = await serveFakeCloud();
  });
  afterAll(async () => {
    await stopFakeCloud(fake.child);
  });

  test('a wrong OS_PASSWORD exits 2 at once, names OS_PASSWORD, and leaves no orphans.json', async () => {
    const out = outDir();
    const started = Date.now();
    const result = await runCli(['run', 'volume-create-delete', '--duration', '30s', '--out', out], {
      env: cleanEnv({ ...fake.env, OS_PASSWORD: 'not-the-password-4711' }),
      timeoutMs: 20_000,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('OS_PASSWORD');
    expect(result.stderr + result.stdout).not.toContain('not-the-password-4711');
    expect(result.stderr).not.toMatch(/could not remove/);
    expect(existsSync(join(out, 'orphans.json'))).toBe(false);
    // A run that checked no credentials up front would run the whole --duration, failing every iteration.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('an unreachable OS_AUTH_URL exits 2 naming OS_AUTH_URL', async () => {
    const result = await runCli(['run', 'volume-create-delete', '--duration', '30s', '--out', outDir()], {
      env: cleanEnv({ ...fake.env, OS_AUTH_URL: 'http://127.0.0.1:1/identity/v3' }),
      timeoutMs: 20_000,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('OS_AUTH_URL');
  });

  test('cleanup with a wrong password exits 2 naming OS_PASSWORD', async () => {
    const result = await runCli(['cleanup'], {
      env: cleanEnv({ ...fake.env, OS_PASSWORD: 'not-the-password-4711' }),
      timeoutMs: 20_000,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('OS_PASSWORD');
  });

  test('cleanup --poll-interval bogus is a usage error naming the option', async () => {
    const result = await runCli(['cleanup', '--poll-interval', 'bogus'], { env: cleanEnv(fake.env) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--poll-interval');
  });
});

describe('long runs through faults', () => {
  test('cho at a 5% fault rate keeps the cloud small during the run and leaves nothing at the end', async () => {
    const fake = await serveFakeCloud(['--fault-rate', '0.05']);
    try {
      const { count, close } = await resourceCounter(fake.env);
      const out = outDir();
      const run = startCli(
        ['run', 'cho', '--duration', '6s', '--concurrency', '4', '--poll-interval', '20ms', '--out', out],
        { env: cleanEnv(fake.env) },
      );
      let running = true;
      const done = finished(run, 60_000).finally(() => {
        running = false;
      });
      const samples: number[] = [];
      while (running) {
        samples.push(await count());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const result = await done;
      expect(result.stderr).toContain('cho x4');
      const { passed, failed } = iterations(result.stdout);
      expect(failed, 'the fault rate should fail some iterations').toBeGreaterThan(0);
      expect(passed).toBeGreaterThan(0);
      expect(samples.length).toBeGreaterThan(10);
      // 4 concurrent iterations, each holding its server and at most a volume and a snapshot, plus a
      // few in deletion. A failed wait that left its resource behind would make the count climb.
      expect(Math.max(...samples), samples.join(',')).toBeLessThanOrEqual(24);
      expect(await count()).toBe(0);
      expect(result.stderr).not.toMatch(/may be left|could not remove/);
      expect(readdirSync(out)).not.toContain('orphans.json');
      await close();
    } finally {
      await stopFakeCloud(fake.child);
    }
  });

  test('volume-attach-verify at a 5% fault rate recovers and keeps passing iterations', async () => {
    const result = await runCli(
      [
        'run',
        'volume-attach-verify',
        '--duration',
        '8s',
        '--concurrency',
        '2',
        '--fault-rate',
        '0.05',
        '--out',
        outDir(),
      ],
      { timeoutMs: 60_000 },
    );
    const { passed, failed } = iterations(result.stdout);
    expect(failed, result.stdout).toBeGreaterThan(0);
    // A fault that left the volume in-use would fail every later iteration, in a hot loop: each of
    // the 2 concurrent iterations would pass only the one or two iterations before its first fault, so
    // at most 4 in all. (An idle machine passes 25-40 here; a loaded CI machine fewer.)
    expect(passed, result.stdout).toBeGreaterThanOrEqual(5);
    expect(passed + failed).toBeLessThan(5_000);
    expect(result.stderr).not.toMatch(/may be left|MaxListenersExceededWarning/);
  });
});
