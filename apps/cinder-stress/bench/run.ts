/**
 * `pnpm bench` for cinder-stress: scenario overhead and the CPU share of tracking, CHO memory over a
 * million traced calls, and calls/s over loopback HTTP against autocannon on the same route. One
 * run, one table; targets marked PASS or MISS. Run with `node --expose-gc --import tsx`.
 */
import { fork } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { Stats, Trace } from '@track/core';
import { Manager } from '@track/openstack-clients';
import { FakeCloud } from '@track/openstack-clients/fake';
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
      parts: [{ scenario: volumeCreateDelete, workers: 8, kwargs: {} }],
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

async function loopback(): Promise<{ autocannonRps: number; clientRps: number }> {
  const server = fork(fileURLToPath(new URL('./fake-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const info = await new Promise<{
    url: string;
    token: string;
    path: string;
    volumeId: string;
    credentials: Record<string, string>;
  }>((resolve) => {
    server.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString())));
  });
  try {
    const result = await autocannon({
      url: `${info.url}${info.path}`,
      connections: 50,
      duration: 5,
      headers: { 'x-auth-token': info.token },
    });
    const c = info.credentials;
    const manager = await Manager.fromEnv(
      {
        OS_AUTH_URL: c.authUrl!,
        OS_USERNAME: c.username!,
        OS_PASSWORD: c.password!,
        OS_PROJECT_NAME: c.projectName!,
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
      },
      { concurrency: 50 },
    );
    setUpTracking(new Trace(), manager);
    await manager.volumesClient.getVolume(info.volumeId);
    let calls = 0;
    const end = performance.now() + 5000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (performance.now() < end) {
          await manager.volumesClient.getVolume(info.volumeId);
          calls++;
        }
      }),
    );
    const clientRps = calls / ((performance.now() - started) / 1000);
    await manager.close();
    return { autocannonRps: result.requests.average, clientRps };
  } finally {
    server.kill('SIGTERM');
  }
}

await scenarioRun(false, 500); // warm-up
const untraced = await scenarioRun(false, 2000);
const tracedNoWhitelist = await scenarioRun(true, 2000, []);
const traced = await scenarioRun(true, 2000);
rows.push([
  'volume-create-delete iterations/s, in-process fake, zero delays: untraced / traced, empty whitelist / traced, default whitelist',
  `${untraced.perSecond.toFixed(0)} / ${tracedNoWhitelist.perSecond.toFixed(0)} / ${traced.perSecond.toFixed(0)}`,
  '',
]);
const share = await trackingCpuShare();
rows.push([
  'CPU share in tracking (@track/core frames, profiler)',
  `${(share * 100).toFixed(2)}%`,
  share < 0.05 ? 'PASS (< 5%)' : 'MISS (< 5%)',
]);
const cho = await choMemory();
rows.push([
  `CHO: ${cho.calls.toLocaleString('en-US')} traced calls, RSS growth after warm-up`,
  `${cho.growthMb.toFixed(1)} MB`,
  cho.growthMb < 30 ? 'PASS (< 30 MB)' : 'MISS (< 30 MB)',
]);
const http = await loopback();
const ratio = http.clientRps / http.autocannonRps;
rows.push(['loopback HTTP GET volume: autocannon req/s (50 connections)', http.autocannonRps.toFixed(0), '']);
rows.push([
  'loopback HTTP: traced getVolume calls/s at 50 in flight',
  `${http.clientRps.toFixed(0)} (${(ratio * 100).toFixed(0)}%)`,
  ratio >= 0.5 ? 'PASS (>= 50%)' : 'MISS (>= 50%)',
]);

console.log(`cinder-stress bench, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| measure | value | target |');
console.log('|---|---:|---|');
for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
console.log(`\nCHO RSS samples: ${cho.samples.join(', ')}`);
