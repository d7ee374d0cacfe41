/**
 * `pnpm bench` for @track/openstack-clients: the fake cloud over HTTP against a bare node:http
 * endpoint, the client path against autocannon on the same route, and the in-process fake. Servers
 * run in child processes (one core each); one table, targets marked PASS or MISS.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeCloud } from '@track/fake-openstack';
import autocannon from 'autocannon';
import { Manager } from '../src/index';

interface ServerInfo {
  url: string;
  path: string;
  headers: Record<string, string>;
  credentials?: Record<string, string>;
  volumeId?: string;
}

async function withServer<T>(kind: 'bare' | 'fake', body: (info: ServerInfo) => Promise<T>): Promise<T> {
  const child = fork(fileURLToPath(new URL('./servers.ts', import.meta.url)), [kind], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const info = await new Promise<ServerInfo>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()))),
  );
  try {
    return await body(info);
  } finally {
    child.kill('SIGTERM');
  }
}

async function cannon(info: ServerInfo, seconds = 5): Promise<number> {
  const result = await autocannon({
    url: `${info.url}${info.path}`,
    connections: 50,
    duration: seconds,
    headers: info.headers,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`autocannon saw ${result.non2xx} non-2xx and ${result.errors} errors`);
  return result.requests.average;
}

async function clientLoops(
  manager: Manager,
  volumeId: string,
  seconds: number,
  inFlight: number,
): Promise<number> {
  await manager.volumesClient.getVolume(volumeId);
  let calls = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        await manager.volumesClient.getVolume(volumeId);
        calls++;
      }
    }),
  );
  return calls / ((performance.now() - started) / 1000);
}

const bare = await withServer('bare', (info) => cannon(info));
const { fakeHttp, client } = await withServer('fake', async (info) => {
  const fakeHttp = await cannon(info);
  const c = info.credentials!;
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
  const client = await clientLoops(manager, info.volumeId!, 5, 50);
  await manager.close();
  return { fakeHttp, client };
});
const fake = new FakeCloud({ timeScale: 0 });
const inProcessManager = Manager.fromFakeCloud(fake);
const volume = await inProcessManager.volumesClient.createVolume({ size: 1 });
await clientLoops(inProcessManager, volume.id, 1, 8); // warm-up
const inProcess = await clientLoops(inProcessManager, volume.id, 5, 8);

const rows: [string, string, string][] = [
  [
    'bare node:http endpoint answering the same bytes, autocannon, 50 connections (req/s)',
    bare.toFixed(0),
    'baseline',
  ],
  [
    'fake cloud over HTTP, GET volume, autocannon, 50 connections (req/s)',
    `${fakeHttp.toFixed(0)} (${((100 * fakeHttp) / bare).toFixed(0)}% of bare)`,
    fakeHttp >= 0.5 * bare ? 'PASS (>= 50%)' : 'MISS (>= 50%)',
  ],
  [
    'volumesClient.getVolume over loopback HTTP, 50 in flight (calls/s)',
    `${client.toFixed(0)} (${((100 * client) / fakeHttp).toFixed(0)}% of autocannon)`,
    client >= 0.5 * fakeHttp ? 'PASS (>= 50%)' : 'MISS (>= 50%)',
  ],
  [
    'volumesClient.getVolume, in-process fake, one core (calls/s)',
    inProcess.toFixed(0),
    inProcess >= 20_000 ? 'PASS (>= 20,000)' : 'MISS (>= 20,000)',
  ],
];
console.log(
  `@track/openstack-clients bench, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log('| measure | value | target |');
console.log('|---|---:|---|');
for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
