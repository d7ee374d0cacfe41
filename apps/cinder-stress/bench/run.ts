/**
 * `pnpm bench` for cinder-stress: scenario overhead (throughput untraced vs traced, alternating
 * rounds, medians) and the CPU share of tracking, CHO memory over a million traced calls, and
 * calls/s of the real runner (`cinder-stress run list-and-get --concurrency 50`) over loopback HTTP
 * against autocannon on the same routes. One run, one table; targets marked PASS or MISS. Run with
 * `node --expose-gc --import tsx` after the build (the loopback figure spawns dist/cli.js).
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stats, Trace } from '@track/core';
import { FakeCloud } from '@track/fake-openstack';
import { Manager } from '@track/openstack-clients';
import autocannon from 'autocannon';
import { ResourceJournal } from '../src/run/resource-journal';
import { newProgress } from '../src/run/run-engine';
import { runParts } from '../src/run/runner';
import { setUpTracking } from '../src/run/set-up-tracking';
import { volumeCreateDelete } from '../src/scenarios/volume-scenarios';

const maybeGc = (globalThis as { gc?: () => void }).gc;
if (!maybeGc) throw new Error('run with node --expose-gc');
const gc: () => void = maybeGc;
const rows: [string, string, string][] = [];

async function scenarioRun(
  traced: boolean,
  iterations: number,
  whitelist?: string[],
): Promise<{ perSecond: number; stats: Stats }> {
  const fake = new FakeCloud({ timeScale: 0 });
  const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 0 } } });
  const stats = new Stats();
  if (traced) setUpTracking(new Trace({ stats, ...(whitelist ? { whitelist } : {}) }), manager);
  const progress = newProgress();
  const started = performance.now();
  await runParts(
    {
      manager,
      journal: new ResourceJournal('bench'),
      compute: { flavorRef: '1', imageRef: fake.computeDefaults.imageId },
      parts: [{ scenario: volumeCreateDelete, concurrency: 8, kwargs: {} }],
      iterations,
      stopSignal: new AbortController().signal,
      abortSignal: new AbortController().signal,
      seed: 1,
    },
    progress,
  );
  const seconds = (performance.now() - started) / 1000;
  if (progress.iterationsFailed > 0)
    throw new Error(`${progress.iterationsFailed} iterations failed in the bench`);
  return { perSecond: progress.iterationsPassed / seconds, stats };
}

async function trackingCpuShare(): Promise<number> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  await scenarioRun(true, 3000);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const selfTime = new Map<number, number>();
  profile.samples!.forEach((id, i) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0));
  });
  let total = 0;
  let tracking = 0;
  for (const node of profile.nodes) {
    const time = selfTime.get(node.id) ?? 0;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    total += time;
    if (node.callFrame.url.includes('/packages/core/')) tracking += time;
  }
  return tracking / total;
}

async function choMemory(): Promise<{ growthMb: number; calls: number; samples: string[] }> {
  const fake = new FakeCloud({ timeScale: 0 });
  const manager = Manager.fromFakeCloud(fake);
  const trace = new Trace();
  setUpTracking(trace, manager);
  const volume = await manager.volumesClient.createVolume({ size: 1, name: 'cho' });
  let calls = 0;
  const target = 1_000_000;
  const samples: string[] = [];
  let baseline = 0;
  const loop = async () => {
    while (calls < target) {
      calls++;
      const checkpoint = calls % 100_000 === 0;
      await manager.volumesClient.getVolume(volume.id);
      if (checkpoint) {
        gc();
        const rss = process.memoryUsage().rss;
        if (baseline === 0) baseline = rss;
        samples.push(`${Math.round(calls / 1000)}k: ${(rss / 1024 / 1024).toFixed(1)} MB`);
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, loop));
  gc();
  const end = process.memoryUsage().rss;
  const stat = trace.stats.get('VolumesClient', 'getVolume')!;
  if (stat.pass < target) throw new Error('CHO bench did not make the calls it should');
  return { growthMb: (end - baseline) / 1024 / 1024, calls: stat.pass, samples };
}

const LOOPBACK_SECONDS = 5;

/** What one `list-and-get` iteration asks for, as autocannon requests on the same routes. */
function listAndGetRequests(base: string): { method: 'GET'; path: string }[] {
  return ['/volumes?limit=20', '/volumes/detail?limit=20', '/snapshots?limit=20', '/types', '/limits'].map(
    (route) => ({ method: 'GET' as const, path: `${base}${route}` }),
  );
}

/** The real runner: `cinder-stress run list-and-get --concurrency 50` over HTTP; calls/s while it ran. */
async function runnerCallsPerSecond(credentials: Record<string, string>): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'cinder-stress-bench-'));
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        cli,
        'run',
        'list-and-get',
        '--concurrency',
        '50',
        '--duration',
        `${LOOPBACK_SECONDS}s`,
        '--report',
        'json',
        '--out',
        out,
      ],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          PATH: process.env.PATH ?? '',
          OS_AUTH_URL: credentials.authUrl!,
          OS_USERNAME: credentials.username!,
          OS_PASSWORD: credentials.password!,
          OS_PROJECT_NAME: credentials.projectName!,
          OS_USER_DOMAIN_NAME: 'Default',
          OS_PROJECT_DOMAIN_NAME: 'Default',
        },
      },
    );
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`the loopback run exited ${code}`);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    meta: { durationMs: number };
    totals: { pass: number; fail: number };
  };
  if (report.totals.fail > 0) throw new Error(`${report.totals.fail} calls failed in the loopback run`);
  // durationMs also holds connecting and reporting: the figure is a slight underestimate.
  return report.totals.pass / (report.meta.durationMs / 1000);
}

async function loopback(): Promise<{ autocannonRps: number; clientRps: number }> {
  const server = fork(fileURLToPath(new URL('./fake-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const info = await new Promise<{
    url: string;
    token: string;
    base: string;
    credentials: Record<string, string>;
  }>((resolve) => {
    server.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString())));
  });
  try {
    const result = await autocannon({
      url: info.url,
      connections: 50,
      duration: LOOPBACK_SECONDS,
      headers: { 'x-auth-token': info.token },
      requests: listAndGetRequests(info.base),
    });
    const clientRps = await runnerCallsPerSecond(info.credentials);
    return { autocannonRps: result.requests.average, clientRps };
  } finally {
    server.kill('SIGTERM');
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const ROUNDS = 7;
await scenarioRun(false, 500); // warm-up
await scenarioRun(true, 500);
// Alternating rounds in one process, medians: drift (JIT, GC, a noisy neighbour) hits all three alike.
const rounds = { untraced: [] as number[], emptyWhitelist: [] as number[], traced: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  rounds.untraced.push((await scenarioRun(false, 2000)).perSecond);
  rounds.emptyWhitelist.push((await scenarioRun(true, 2000, [])).perSecond);
  rounds.traced.push((await scenarioRun(true, 2000)).perSecond);
}
const untraced = median(rounds.untraced);
const tracedNoWhitelist = median(rounds.emptyWhitelist);
const traced = median(rounds.traced);
rows.push([
  `volume-create-delete iterations/s, in-process fake, zero delays, median of ${ROUNDS} alternating rounds: untraced / traced, empty whitelist / traced, default whitelist`,
  `${untraced.toFixed(0)} / ${tracedNoWhitelist.toFixed(0)} / ${traced.toFixed(0)}`,
  '',
]);
rows.push([
  'tracking overhead from throughput (1 - traced / untraced): empty whitelist / default whitelist',
  `${((1 - tracedNoWhitelist / untraced) * 100).toFixed(1)}% / ${((1 - traced / untraced) * 100).toFixed(1)}%`,
  '',
]);
const share = await trackingCpuShare();
rows.push([
  'CPU share in tracking (@track/core self-time, V8 profiler, default whitelist)',
  `${(share * 100).toFixed(2)}%`,
  share < 0.05 ? 'PASS (< 5%)' : 'MISS (< 5%)',
]);
const cho = await choMemory();
rows.push([
  `CHO: ${cho.calls.toLocaleString('en-US')} traced calls, RSS growth after warm-up`,
  `${cho.growthMb.toFixed(1)} MB`,
  cho.growthMb < 30 ? 'PASS (< 30 MB)' : 'MISS (< 30 MB)',
]);
// The real transport (undici 8) needs Node >= 22.19; on an older Node (bench/older-node.mjs) the
// loopback figures are left out.
const [nodeMajor = 0, nodeMinor = 0] = process.versions.node.split('.').map(Number);
if (nodeMajor > 22 || (nodeMajor === 22 && nodeMinor >= 19)) {
  const http = await loopback();
  const ratio = http.clientRps / http.autocannonRps;
  rows.push([
    'loopback HTTP, list-and-get routes: autocannon req/s (50 connections)',
    http.autocannonRps.toFixed(0),
    '',
  ]);
  rows.push([
    'loopback HTTP: `cinder-stress run list-and-get --concurrency 50`, traced calls/s',
    `${http.clientRps.toFixed(0)} (${(ratio * 100).toFixed(0)}%)`,
    ratio >= 0.5 ? 'PASS (>= 50%)' : 'MISS (>= 50%)',
  ]);
}

console.log(`cinder-stress bench, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| measure | value | target |');
console.log('|---|---:|---|');
for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
console.log(`\nCHO RSS samples: ${cho.samples.join(', ')}`);
