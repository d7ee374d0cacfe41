import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudConfigFromEnv, Manager } from '@track/openstack-clients';
import { mountTmpfs, TMPFS_UNAVAILABLE } from '@track/test-support';
import { afterEach, describe, expect, test } from 'vitest';
import { readJournalFile } from '../src/run/resource-journal';
import { findToolResources } from '../src/run/tool-resources';
import { cleanEnv, finished, outDir, runCli, startCli, timedRunArgs, waitForOutput } from './cli-harness';

type CliChild = ReturnType<typeof startCli>;

/** `cinder-stress fake-cloud` on a free loopback port, with the OS_* and TRACK_* settings it printed. */
async function serveFakeCloud(args: string[] = []): Promise<{ child: CliChild; env: NodeJS.ProcessEnv }> {
  const child = startCli(['fake-cloud', '--port', '0', '--time-scale', '0.005', ...args]);
  await waitForOutput(child, (out) => out.stdout.includes('TRACK_NETWORK'));
  const env = cleanEnv();
  for (const match of child.out.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)) env[match[1]!] = match[2]!;
  return { child, env };
}

const servers: CliChild[] = [];
const mounts: (() => void)[] = [];
afterEach(async () => {
  for (const child of servers.splice(0)) {
    if (child.exitCode !== null) continue;
    child.kill('SIGTERM');
    await finished(child, 10_000);
  }
  for (const unmount of mounts.splice(0)) unmount();
});

/** A Manager on the served fake that retries 5xx (its fault rate hits the test's own calls too). */
async function managerOn(env: NodeJS.ProcessEnv): Promise<Manager> {
  return new Manager(await cloudConfigFromEnv(env), {
    retries: { max: 9, onStatuses: [500, 502, 503], baseDelayMs: 10 },
  });
}

describe.skipIf(TMPFS_UNAVAILABLE !== undefined)(
  `reports on a full or read-only file system (${TMPFS_UNAVAILABLE ?? 'as root, on a tmpfs'})`,
  () => {
    test('run --out on a 64 KiB tmpfs names the report that does not fit, writes the others whole, exits 3', async () => {
      const { path: out, unmount } = mountTmpfs(64);
      mounts.push(unmount);
      const result = await runCli(['run', 'volume-create-delete', '--iterations', '4', '--out', out]);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toContain(
        `could not write the report ${join(out, 'report.html')}: ENOSPC (no space left on device)`,
      );
      expect(result.stderr).not.toMatch(/ReportWriteError|\n\s+at /);
      const reportsLine = /^reports: (.*)$/m.exec(result.stdout);
      expect(reportsLine, result.stdout).not.toBeNull();
      const listed = reportsLine![1]!.split(', ');
      expect(listed).not.toContain(join(out, 'report.html'));
      // What is there is complete; nothing half-written, no temp file.
      expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
      expect(existsSync(join(out, 'report.html'))).toBe(false);
      for (const path of listed) expect(existsSync(path)).toBe(true);
      if (listed.includes(join(out, 'report.json')))
        expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).schemaVersion).toBe(1);
    });

    test('merge --out on a 16 KiB tmpfs names what it could not write and exits 3', async () => {
      const source = outDir();
      const run = await runCli([
        'run',
        'volume-create-delete',
        '--iterations',
        '2',
        '--report',
        'json',
        '--out',
        source,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const { path: out, unmount } = mountTmpfs(16);
      mounts.push(unmount);
      const result = await runCli(['merge', join(source, 'report.json'), '--out', out]);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(
        /could not write the report .*report\.html: ENOSPC \(no space left on device\)/,
      );
      expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
    });

    test('run --out on a read-only file system says EROFS (read-only), not ENOENT', async () => {
      const { path: readOnly, unmount } = mountTmpfs(16, { readOnly: true });
      mounts.push(unmount);
      const result = await runCli([
        'run',
        'volume-create-delete',
        '--iterations',
        '1',
        '--out',
        join(readOnly, 'runs', 'x'),
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('EROFS (read-only file system)');
      expect(result.stderr).not.toContain('ENOENT');
    });
  },
);

describe('the journal under kill -9', () => {
  test('every resource of the run on the cloud is in the journal, and cleanup --run removes them all', async () => {
    const fake = await serveFakeCloud();
    servers.push(fake.child);
    const manager = await managerOn(fake.env);
    try {
      for (const delayMs of [700, 1500, 2300]) {
        const out = outDir();
        const run = startCli(timedRunArgs('cinder-stress', '60s', 8, out), { env: fake.env });
        await waitForOutput(run, (o) => o.stderr.includes('reports in'));
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        run.kill('SIGKILL');
        await finished(run, 10_000);
        const journal = readJournalFile(join(out, 'journal.jsonl'));
        expect(journal.runId).toMatch(/^[a-z0-9]+$/);
        const onCloud = (await findToolResources(manager, journal.runId)).resources.map((r) => r.name);
        const journaled = new Set(journal.resources.map((r) => r.name));
        expect(
          onCloud.filter((name) => !journaled.has(name)),
          `killed after ${delayMs} ms`,
        ).toEqual([]);
        const cleanup = await runCli(['cleanup', '--run', journal.runId!, '--poll-interval', '20ms'], {
          env: fake.env,
        });
        expect(cleanup.code, cleanup.stderr).toBe(0);
        expect(cleanup.stdout).toMatch(/\d+ removed, 0 left|nothing to clean/);
        expect((await findToolResources(manager, journal.runId)).resources).toEqual([]);
      }
    } finally {
      await manager.close();
    }
  }, 180_000);
});

describe('cleanup through a cloud failing half of its calls', () => {
  test('cleanup --dry-run and cleanup retry 500/503 and remove everything of the run (fault rate 0.5)', async () => {
    const fake = await serveFakeCloud(['--fault-rate', '0.5']);
    servers.push(fake.child);
    const manager = await managerOn(fake.env);
    const runId = 'flaky0e2e';
    try {
      for (let n = 1; n <= 6; n++)
        await manager.volumesClient.createVolume({
          size: 1,
          name: `track-${runId}-volume-${n}`,
          metadata: { 'track-run': runId },
        });
      const dryRun = await runCli(['cleanup', '--run', runId, '--dry-run'], { env: fake.env });
      expect(dryRun.code, dryRun.stderr).toBe(0);
      expect(dryRun.stdout).toContain('6 resource(s) would be removed');
      const cleanup = await runCli(['cleanup', '--run', runId, '--poll-interval', '20ms'], {
        env: fake.env,
        timeoutMs: 120_000,
      });
      expect(cleanup.code, cleanup.stderr).toBe(0);
      expect(cleanup.stdout).toContain('6 removed, 0 left');
      expect(cleanup.stderr).not.toMatch(/ServerFault|\n\s+at /);
      expect((await findToolResources(manager, runId)).resources).toEqual([]);
    } finally {
      await manager.close();
    }
  }, 180_000);
});
