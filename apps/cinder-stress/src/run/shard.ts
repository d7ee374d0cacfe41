import { CliError } from '../cli-error';
import { NAME_PREFIX } from './resource-journal';

/**
 * One shard of a fleet run: `index` from 0 to `count - 1`, as Kubernetes numbers the pods of an
 * Indexed Job (`JOB_COMPLETION_INDEX`). A run that is not part of a fleet is shard 0 of 1.
 */
export interface Shard {
  index: number;
  count: number;
}

/** The shard of a run that is not part of a fleet. */
export const WHOLE_RUN: Shard = { index: 0, count: 1 };

/** The environment variable Kubernetes sets to a pod's index in an Indexed Job. */
export const JOB_COMPLETION_INDEX = 'JOB_COMPLETION_INDEX';

/** Seeds of two shards lie this far apart: beyond the offsets of worker threads and slots in one shard. */
const SHARD_SEED_STRIDE = 1_000_003;

function wholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** `2/8` as shard 2 of 8. Throws a usage error naming `option` unless 0 <= index < count. */
export function parseShard(text: string, option = '--shard'): Shard {
  const [indexText, countText, ...rest] = text.split('/');
  const index = indexText === undefined ? undefined : wholeNumber(indexText);
  const count = countText === undefined ? undefined : wholeNumber(countText);
  if (index === undefined || count === undefined || rest.length > 0 || count < 1 || index >= count)
    throw new CliError(
      `${option} must be INDEX/COUNT with INDEX from 0 to COUNT-1 (as Kubernetes' ${JOB_COMPLETION_INDEX}), like 0/4, got ${JSON.stringify(text)}`,
    );
  return { index, count };
}

/**
 * The shard a run is: `--shard i/N`, else `--shard-count N` with the index from
 * `JOB_COMPLETION_INDEX` (set by a Kubernetes Indexed Job), else the whole run. Throws a usage error
 * naming the option or variable that is wrong or missing.
 */
export function resolveShard(
  options: { shard?: string; shardCount?: string },
  env: NodeJS.ProcessEnv = process.env,
): Shard {
  if (options.shard !== undefined && options.shardCount !== undefined)
    throw new CliError('give --shard INDEX/COUNT or --shard-count COUNT, not both');
  if (options.shard !== undefined) return parseShard(options.shard);
  if (options.shardCount === undefined) return WHOLE_RUN;
  const count = wholeNumber(options.shardCount);
  if (count === undefined || count < 1)
    throw new CliError(
      `--shard-count must be a whole number >= 1, got ${JSON.stringify(options.shardCount)}`,
    );
  const indexText = env[JOB_COMPLETION_INDEX];
  if (indexText === undefined)
    throw new CliError(
      `--shard-count takes the shard's index from ${JOB_COMPLETION_INDEX} (set by a Kubernetes Indexed Job), which is not set; give --shard INDEX/COUNT instead`,
    );
  return parseShard(`${indexText}/${count}`, `${JOB_COMPLETION_INDEX} (with --shard-count ${count})`);
}

/** `2/8`: how metrics and messages show a shard. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * The run id of a shard: the fleet's run id with `s<index>` appended (`fleet1s2`), so resource names
 * (`track-fleet1s2-volume-7`) differ per shard and `cleanup` can find one shard or all of them. A
 * whole run keeps its id.
 */
export function shardRunId(runId: string, shard: Shard): string {
  return shard.count === 1 ? runId : `${runId}s${shard.index}`;
}

/** Whether `runId` is the run `fleetRunId` or one of its shards. */
export function isRunOrShardOf(runId: string, fleetRunId: string): boolean {
  return (
    runId === fleetRunId ||
    (runId.startsWith(`${fleetRunId}s`) && /^\d+$/.test(runId.slice(fleetRunId.length + 1)))
  );
}

/** The seed of a shard: the run's seed for shard 0, spaced apart for the others (same fleet seed, different streams). */
export function shardSeed(seed: number, shard: Shard): number {
  return seed + shard.index * SHARD_SEED_STRIDE;
}

/**
 * A run id given by the user (`--run-id`, shared by every shard of a fleet): lower-case letters and
 * digits, as resource names and `cleanup --run` take them. Throws a usage error naming `option`.
 */
export function parseRunId(text: string, option = '--run-id'): string {
  if (!/^[a-z0-9]{1,40}$/.test(text))
    throw new CliError(
      `${option} must be 1 to 40 lower-case letters and digits, like fleet20261201, got ${JSON.stringify(text)}`,
    );
  return text;
}

/**
 * Whether the tool's resource `name` (`track-<runId>-<kind>-<n>`, as `findToolResources` returns
 * them) belongs to the run `fleetRunId` or one of its shards.
 */
export function isNameOfRunOrShard(name: string, fleetRunId: string): boolean {
  if (!name.startsWith(NAME_PREFIX)) return false;
  return isRunOrShardOf(name.slice(NAME_PREFIX.length).split('-')[0]!, fleetRunId);
}
