import type { Manager, RetryPolicy } from '@track/openstack-clients';
import { CliError } from '../cli-error';
import { EXIT } from '../exit-codes';
import { cleanUpEntries } from '../run/cleanup';
import { connectTarget } from '../run/cloud-target';
import { parseDuration } from '../run/duration';
import { isNameOfRunOrShard } from '../run/shard';
import { findToolResources } from '../run/tool-resources';

/** Options of `cinder-stress cleanup`, as commander gives them. */
export interface CleanupCommandOptions {
  cloud?: string;
  run?: string;
  dryRun?: boolean;
  /** How often deletion waits poll (commander's default is `1s`). */
  pollInterval?: string;
  /** How long the whole cleanup may take (commander's default is `10m`). */
  timeout?: string;
  /** With `run`: the resources of every shard of that fleet run too (`<run>s<i>`). */
  allShards?: boolean;
}

/** Where {@link cleanUpCloud} writes: lines for stdout and for stderr. */
export interface CleanupOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `cinder-stress cleanup`: finds and deletes what this tool created (`track-` names with the run's
 * metadata), or lists it with `--dry-run`. Transient faults are retried; the exit code is 4 when
 * resources are left (or could not be listed), 0 when none are.
 */
export async function cleanupCommand(options: CleanupCommandOptions): Promise<number> {
  if (options.allShards && options.run === undefined)
    throw new CliError('--all-shards needs --run <the fleet run id> (its shards are <id>s0, <id>s1, ...)');
  if (options.run !== undefined && !/^[a-z0-9]+$/.test(options.run))
    throw new CliError(`--run must be a run id like 20261125a1b2c3, got ${JSON.stringify(options.run)}`);
  const pollIntervalMs =
    options.pollInterval === undefined
      ? undefined
      : parseDuration(options.pollInterval, '--poll-interval', { minMs: 10 });
  const timeoutMs =
    options.timeout === undefined ? undefined : parseDuration(options.timeout, '--timeout', { minMs: 1000 });
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
  try {
    return await cleanUpCloud(
      target.manager,
      {
        ...(options.run !== undefined ? { runId: options.run } : {}),
        allShards: options.allShards === true,
        dryRun: options.dryRun === true,
        ...(timeoutMs !== undefined ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
        description: target.description,
      },
      {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`cinder-stress cleanup: ${line}\n`),
      },
    );
  } finally {
    await target.manager.close();
  }
}

/**
 * Finds this tool's resources on the cloud of `manager` (of one run with `runId`) and deletes them,
 * or only lists them (`dryRun`). Services the catalog lacks are skipped with a line saying so; a
 * list or deletion that fails even after retries is named and the others go on. Ends with what was
 * removed and what is left; resolves to the exit code (4 when anything is or may be left).
 */
export async function cleanUpCloud(
  manager: Manager,
  options: {
    runId?: string;
    /** With `runId`: every shard of that fleet run too (`<runId>s<i>`). */
    allShards?: boolean;
    dryRun: boolean;
    signal?: AbortSignal;
    description: string;
    /** The retry rule of every call (default: cleanup's, see `cleanupRetryPolicy`). */
    retryPolicy?: RetryPolicy;
  },
  output: CleanupOutput,
): Promise<number> {
  const signal = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
  };
  const fleetRunId = options.allShards ? options.runId : undefined;
  const found = await findToolResources(
    manager,
    fleetRunId === undefined ? options.runId : undefined,
    signal,
  );
  if (fleetRunId !== undefined)
    found.resources = found.resources.filter((entry) => isNameOfRunOrShard(entry.name, fleetRunId));
  for (const skip of found.skipped)
    output.err(
      `skipping ${skip.kinds.map((k) => `${k}s`).join(' and ')}: the catalog has no ${skip.service} endpoint (${skip.reason})`,
    );
  for (const failed of found.unlisted)
    output.err(
      `could not list ${failed.kinds.map((k) => `${k}s`).join(' and ')} (after retries): ${failed.reason}`,
    );
  const unlisted = found.unlisted.flatMap((u) => u.kinds.map((k) => `${k}s`));
  const unlistedNote = unlisted.length > 0 ? `; ${unlisted.join(' and ')} could not be listed` : '';
  const pattern = options.runId
    ? `track-${options.runId}${fleetRunId !== undefined ? '[s<i>]' : ''}-`
    : 'track-';
  if (found.resources.length === 0) {
    output.out(`nothing to clean: no ${pattern} resources on ${options.description}${unlistedNote}`);
    return unlisted.length > 0 ? EXIT.resourcesLeft : EXIT.ok;
  }
  if (options.dryRun) {
    for (const entry of found.resources) output.out(`would remove ${entry.kind} ${entry.name} (${entry.id})`);
    output.out(`${found.resources.length} resource(s) would be removed${unlistedNote}`);
    return unlisted.length > 0 ? EXIT.resourcesLeft : EXIT.ok;
  }
  const report = await cleanUpEntries(manager, undefined, found.resources, signal);
  for (const r of report.removed) output.out(`removed ${r.kind} ${r.name} (${r.id})`);
  for (const f of report.failed)
    output.err(`could not remove ${f.kind} ${f.name}${f.id ? ` (${f.id})` : ''}: ${f.reason}`);
  const left = report.failed.length;
  output.out(
    `${report.removed.length} removed, ${left} left${left > 0 ? `: ${report.failed.map((f) => f.name).join(', ')}` : ''}${unlistedNote}`,
  );
  return left > 0 || unlisted.length > 0 ? EXIT.resourcesLeft : EXIT.ok;
}
