import { FakeCloud, FakeCloudListenError, formatOsEnv } from '@track/fake-openstack';
import { CliError, EXIT } from '../cli-error';
import { cleanUpEntries, findToolResources } from '../run/cleanup';
import { connectTarget } from '../run/cloud-target';
import { parseDuration } from '../run/duration';
import { ownSignals } from '../run/signals';
import { SCENARIOS } from '../scenarios/registry';

/** `cinder-stress scenarios`: one line per built-in scenario. */
export function scenariosCommand(): number {
  const width = Math.max(...[...SCENARIOS.keys()].map((k) => k.length));
  for (const scenario of SCENARIOS.values())
    process.stdout.write(`${scenario.name.padEnd(width)}  ${scenario.description}\n`);
  return EXIT.ok;
}

/** `cinder-stress cleanup`: finds and deletes what this tool created (`track-` names), or lists it. */
export async function cleanupCommand(options: {
  cloud?: string;
  run?: string;
  dryRun?: boolean;
  /** How often deletion waits poll (commander's default is `1s`). */
  pollInterval?: string;
}): Promise<number> {
  if (options.run !== undefined && !/^[a-z0-9]+$/.test(options.run))
    throw new CliError(`--run must be a run id like 20261125a1b2c3, got ${JSON.stringify(options.run)}`);
  const pollIntervalMs =
    options.pollInterval === undefined
      ? undefined
      : parseDuration(options.pollInterval, '--poll-interval', { minMs: 10 });
  const target = await connectTarget({
    ...(options.cloud ? { cloud: options.cloud } : {}),
    seed: 1,
    fakeTimeScale: 0.01,
    concurrency: 4,
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
  });
  if (target.fake) {
    process.stderr.write(
      'cinder-stress cleanup: no --cloud and no OS_* settings: nothing to clean on a new embedded fake cloud. Point it at a cloud (e.g. the OS_* lines of `cinder-stress fake-cloud`).\n',
    );
    return EXIT.usage;
  }
  const found = await findToolResources(target.manager, options.run);
  if (found.length === 0) {
    process.stdout.write(
      `nothing to clean: no ${options.run ? `track-${options.run}-` : 'track-'} resources on ${target.description}\n`,
    );
    await target.manager.close();
    return EXIT.ok;
  }
  if (options.dryRun) {
    for (const entry of found)
      process.stdout.write(`would remove ${entry.kind} ${entry.name} (${entry.id})\n`);
    process.stdout.write(`${found.length} resource(s) would be removed\n`);
    await target.manager.close();
    return EXIT.ok;
  }
  const report = await cleanUpEntries(target.manager, undefined, found);
  for (const r of report.removed) process.stdout.write(`removed ${r.kind} ${r.name} (${r.id})\n`);
  for (const f of report.failed) process.stderr.write(`could not remove ${f.kind} ${f.name}: ${f.reason}\n`);
  process.stdout.write(`${report.removed.length} removed, ${report.failed.length} failed\n`);
  await target.manager.close();
  return report.failed.length > 0 ? EXIT.failures : EXIT.ok;
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
