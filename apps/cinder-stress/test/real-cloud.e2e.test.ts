/**
 * End to end on a real OpenStack (scripts/real-openstack/up.sh, `pnpm test:openstack`): every scenario
 * through the built CLI, `cleanup`, a SIGINT at a random moment, and, as the admin across all
 * projects, a check that nothing of the runs is left; then the cloud's latencies as a table.
 * Skipped (with the reason printed) unless TRACK_REAL_CLOUD is `all` or `volume`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Manager } from '@track/openstack-clients';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { finished, outDir, runCli, seededRandom, startCli, waitForOutput } from './cli-harness';
import { adminManager, leftovers, percentile, realCloudFromEnv, report, TOOL_NAME } from './real-cloud';

const cloud = realCloudFromEnv();
if (cloud.skipReason) console.info(`real-cloud e2e: skipped (${cloud.skipReason})`);
const withCompute = cloud.mode === 'all';
/** Seconds each scenario runs (TRACK_REAL_CLOUD_SECONDS, default 20). */
const SECONDS = Number(process.env.TRACK_REAL_CLOUD_SECONDS ?? 20);
const env = { ...process.env, NO_COLOR: '1' };

const ITERATIONS = /run (\w+): (\d+) iterations passed, (\d+) failed/;

function summary(stdout: string): { runId: string; passed: number; failed: number } {
  const match = ITERATIONS.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return { runId: match![1]!, passed: Number(match![2]), failed: Number(match![3]) };
}

/** The printed per-method table of a run, from its header to its `N methods` line. */
function methodTable(stdout: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /^client\s+method\s+pass/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^\d+ methods, /.test(l));
  return start < 0 || end < 0 ? '(no table)' : lines.slice(start, end + 1).join('\n');
}

describe.skipIf(!cloud.mode)(`real cloud (${cloud.mode ?? 'none'})`, () => {
  let admin: Manager;
  beforeAll(() => {
    admin = adminManager();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const scenarios = withCompute
    ? [
        'volume-create-delete',
        'snapshot-create-delete',
        'volume-attach-delete',
        'volume-attach-verify',
        'cinder-stress',
        'cho',
      ]
    : ['volume-create-delete', 'snapshot-create-delete'];

  test.each(scenarios)(
    '%s runs for a short duration with no failed call and leaves nothing of its run',
    async (scenario) => {
      const out = outDir();
      const result = await runCli(
        [
          'run',
          scenario,
          '--duration',
          `${SECONDS}s`,
          '--concurrency',
          '2',
          '--report-interval',
          '1h',
          '--out',
          out,
        ],
        { env, timeoutMs: (SECONDS + 240) * 1000 },
      );
      // Printed before the checks, so a failed run still shows what the cloud answered.
      if (scenario === 'cinder-stress')
        report(
          `\nreal cloud: per-call latencies of a ${SECONDS} s cinder-stress run (concurrency 2)\n${methodTable(result.stdout)}`,
        );
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const { runId, passed, failed } = summary(result.stdout);
      expect(failed, result.stdout).toBe(0);
      expect(passed, `${result.stdout}\n${result.stderr}`).toBeGreaterThan(0);
      expect(existsSync(join(out, 'orphans.json'))).toBe(false);
      expect(await leftovers(admin, withCompute, `track-${runId}-`)).toEqual([]);
    },
    (SECONDS + 300) * 1000,
  );

  test('cleanup succeeds, and the admin sees no volume, snapshot or server of the tool in any project', async () => {
    const result = await runCli(['cleanup'], { env, timeoutMs: 300_000 });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(await leftovers(admin, withCompute, TOOL_NAME)).toEqual([]);
  }, 300_000);

  test.skipIf(!withCompute)(
    'SIGINT at a random moment of cinder-stress: exit 130 and nothing of the run left on the cloud',
    async () => {
      const seed = Number(process.env.TRACK_REAL_CLOUD_SEED ?? Date.now() % 1_000_000);
      const delayMs = 2_000 + Math.floor(seededRandom(seed)() * 18_000);
      report(`SIGINT test: seed ${seed}, interrupt after ${delayMs} ms of running`);
      const out = outDir();
      const child = startCli(
        [
          'run',
          'cinder-stress',
          '--duration',
          '10m',
          '--concurrency',
          '4',
          '--report-interval',
          '1h',
          '--out',
          out,
        ],
        { env },
      );
      await waitForOutput(child, (o) => o.stderr.includes('cinder-stress x4'), 60_000);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGINT');
      const result = await finished(child, 240_000);
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(130);
      expect(existsSync(join(out, 'orphans.json')), result.stderr).toBe(false);
      const { runId } = summary(result.stdout);
      expect(await leftovers(admin, true, `track-${runId}-`)).toEqual([]);
      expect(await leftovers(admin, true, TOOL_NAME)).toEqual([]);
    },
    300_000,
  );

  test('latencies: create to available, delete to gone' +
    (withCompute ? ', attach to in-use, detach to available' : ''), async () => {
    const { Manager: M } = await import('@track/openstack-clients');
    const member = await M.fromEnv(process.env, {
      client: { waiter: { intervalMs: 100, timeoutMs: 120_000 } },
    });
    const samples: Record<string, number[]> = {
      'create -> available': [],
      'delete -> gone': [],
      ...(withCompute ? { 'attach -> in-use': [], 'detach -> available': [] } : {}),
    };
    const timed = async (what: string, action: () => Promise<unknown>) => {
      const start = performance.now();
      await action();
      samples[what]!.push(performance.now() - start);
    };
    const { volumesClient, serversClient } = member;
    const run = `track-latency-${process.pid}`;
    let serverId: string | undefined;
    let serverError: unknown;
    try {
      if (withCompute) {
        // A server that cannot boot fails the test at the end; the volume transitions are measured anyway.
        try {
          const network = process.env.TRACK_NETWORK;
          const server = await serversClient.createServer({
            name: `${run}-server`,
            flavorRef: process.env.TRACK_FLAVOR!,
            imageRef: process.env.TRACK_IMAGE!,
            ...(network ? { networks: network === 'none' || network === 'auto' ? network : [network] } : {}),
          });
          serverId = server.id;
          await serversClient.waitForServerStatus(server.id, 'ACTIVE');
        } catch (error) {
          serverError = error;
        }
      }
      for (let i = 0; i < 8; i++) {
        let id = '';
        await timed('create -> available', async () => {
          id = (await volumesClient.createVolume({ size: 1, name: `${run}-volume-${i}` })).id;
          await volumesClient.waitForVolumeStatus(id, 'available');
        });
        if (serverId && serverError === undefined) {
          const sid = serverId;
          await timed('attach -> in-use', async () => {
            await serversClient.attachVolume(sid, { volumeId: id });
            await volumesClient.waitForVolumeStatus(id, 'in-use');
          });
          await timed('detach -> available', async () => {
            await serversClient.detachVolume(sid, id);
            await volumesClient.waitForVolumeStatus(id, 'available');
          });
        }
        await timed('delete -> gone', async () => {
          await volumesClient.deleteVolume(id);
          await volumesClient.waitForResourceDeletion(id);
        });
      }
    } finally {
      if (serverId) {
        await serversClient.deleteServer(serverId).catch(() => undefined);
        await serversClient.waitForServerTermination(serverId).catch(() => undefined);
      }
      await member.close();
      // Reported also when a step failed: the transitions measured so far.
      const rows = Object.entries(samples).map(([what, ms]) =>
        [
          what.padEnd(22),
          String(ms.length).padStart(3),
          ...[0.5, 0.95, 1].map((p) => percentile(ms, p).toFixed(0).padStart(8)),
        ].join('  '),
      );
      report(
        [
          `\nreal cloud (${withCompute ? 'all services' : 'Cinder only'}): state-change latencies (one at a time, polled every 100 ms)`,
          `${'transition'.padEnd(22)}  ${'n'.padStart(3)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}  ${'max ms'.padStart(8)}`,
          ...rows,
        ].join('\n'),
      );
    }
    if (serverError !== undefined) throw serverError;
    for (const ms of Object.values(samples)) expect(ms.length).toBe(8);
    expect(await leftovers(admin, withCompute, `${run}-`)).toEqual([]);
  }, 600_000);
});
