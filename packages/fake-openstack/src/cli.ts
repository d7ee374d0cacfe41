import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cloudsYaml, formatTrackEnv } from './cloud-files';
import { FakeCloud } from './fake-cloud';
import type { ListeningFakeCloud } from './http-server';
import { FakeCloudListenError } from './listen-error';
import { formatOsEnv } from './os-env';

const usage = `Usage: track-fake-cloud [--port N] [--host 127.0.0.1] [--seed N] [--time-scale X]
                        [--clouds-yaml FILE] [--admin-env FILE]

Serves a fake OpenStack cloud (Keystone v3, Cinder v3, Nova v2.1, Glance v2 images, Neutron floating
IPs and quotas; Zed's APIs) on HTTP and prints the OS_* settings of its member user and the
TRACK_FLAVOR/IMAGE/NETWORK a server boots with. Stops on SIGINT or SIGTERM.

  --clouds-yaml FILE  also write a clouds.yaml with clouds "member" and "admin" (mode 0600)
  --admin-env FILE    also write the admin's export OS_... lines (for rally deployment create --fromenv)

Exit codes: 0 stopped by a signal; 2 bad option, or the port is in use (or cannot be listened on).`;

async function main(): Promise<number> {
  let values: {
    port?: string;
    host?: string;
    seed?: string;
    'time-scale'?: string;
    'clouds-yaml'?: string;
    'admin-env'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string', default: '1' },
        'time-scale': { type: 'string', default: '0.01' },
        'clouds-yaml': { type: 'string' },
        'admin-env': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`track-fake-cloud: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = Number(values.port);
  const seed = Number(values.seed);
  const timeScale = Number(values['time-scale']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`track-fake-cloud: --port must be an integer 0..65535, got ${values.port}\n`);
    return 2;
  }
  for (const [name, value] of [
    ['--seed', seed],
    ['--time-scale', timeScale],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      process.stderr.write(`track-fake-cloud: ${name} must be a non-negative number\n`);
      return 2;
    }
  }
  const fake = new FakeCloud({ seed, timeScale });
  let listening: ListeningFakeCloud;
  try {
    listening = await fake.listen({ port, host: values.host });
  } catch (error) {
    if (!(error instanceof FakeCloudListenError)) throw error;
    process.stderr.write(`track-fake-cloud: ${error.message}\n`);
    return 2;
  }
  // Listen for the stop signals before printing: whoever reads the settings may stop it at once.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const member = fake.credentialsAt(listening.url);
  const admin = fake.adminCredentialsAt(listening.url);
  // Passwords: the files are the user's only (0600).
  if (values['clouds-yaml'] !== undefined)
    writeFileSync(values['clouds-yaml'], cloudsYaml({ member, admin }), { mode: 0o600 });
  if (values['admin-env'] !== undefined)
    writeFileSync(values['admin-env'], `${formatOsEnv(admin)}\n`, { mode: 0o600 });
  process.stdout.write(`${formatOsEnv(member)}\n${formatTrackEnv(fake.computeDefaults)}\n`);
  process.stderr.write(`fake cloud listening on ${listening.url} (Ctrl-C to stop)\n`);
  await stopped;
  await fake.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`track-fake-cloud: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
