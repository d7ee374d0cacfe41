import { FakeCloud, FakeCloudListenError, formatOsEnv } from '@track/fake-openstack';
import { CliError, EXIT } from '../cli-error';
import { ownSignals } from '../run/signals';
import { SCENARIOS } from '../scenarios/registry';

/** `cinder-stress scenarios`: one line per built-in scenario. */
export function scenariosCommand(): number {
  const width = Math.max(...[...SCENARIOS.keys()].map((k) => k.length));
  for (const scenario of SCENARIOS.values())
    process.stdout.write(`${scenario.name.padEnd(width)}  ${scenario.description}\n`);
  return EXIT.ok;
}

/** `cinder-stress fake-cloud`: serves the fake on loopback and prints OS_* export lines. */
export async function fakeCloudCommand(options: {
  port: string;
  host: string;
  seed: string;
  timeScale: string;
  faultRate?: string;
  fakeLatency?: string;
}): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be 0..65535, got ${JSON.stringify(options.port)}`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.host) && !options.host.startsWith('127.')) {
    throw new CliError(
      `--host must be a loopback address (127.0.0.1, ::1), got ${JSON.stringify(options.host)}`,
    );
  }
  const timeScale = Number(options.timeScale);
  if (!(timeScale >= 0))
    throw new CliError(`--time-scale must be a number >= 0, got ${JSON.stringify(options.timeScale)}`);
  const faultRate = options.faultRate === undefined ? undefined : Number(options.faultRate);
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1))
    throw new CliError(`--fault-rate must be between 0 and 1`);
  const fake = new FakeCloud({
    seed: Number(options.seed) || 1,
    timeScale,
    ...(faultRate ? { faultRate } : {}),
    ...(options.fakeLatency ? { latencyMs: Number(options.fakeLatency) } : {}),
  });
  const listening = await fake.listen({ port, host: options.host }).catch((error: unknown) => {
    // "port N is in use" (or why the host cannot be listened on) is a usage error, not a crash.
    if (error instanceof FakeCloudListenError) throw new CliError(error.message, EXIT.usage);
    throw error;
  });
  const { flavorId, imageId, networkId } = fake.computeDefaults;
  process.stdout.write(`${formatOsEnv(fake.credentialsAt(listening.url))}\n`);
  process.stdout.write(
    `export TRACK_FLAVOR='${flavorId}'\nexport TRACK_IMAGE='${imageId}'\nexport TRACK_NETWORK='${networkId}'\n`,
  );
  process.stderr.write(`cinder-stress: fake cloud listening on ${listening.url}; stop with Ctrl-C\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const release = ownSignals({
      onFirst: (s) => {
        release();
        resolve(s);
      },
      onSecond: () => process.exit(EXIT.interrupted),
    });
  });
  const left = fake.resources();
  await fake.close();
  process.stderr.write(
    `cinder-stress: fake cloud stopped (${signal}); live resources: ${left.volumes.length} volumes, ${left.snapshots.length} snapshots, ${left.servers.length} servers\n`,
  );
  return EXIT.ok;
}
