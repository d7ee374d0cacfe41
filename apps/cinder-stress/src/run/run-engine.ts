import { join } from 'node:path';
import { DEFAULT_WHITELIST, replaceIds, Stats, Trace } from '@track/core';
import { OpenStackError } from '@track/openstack-clients';
import { describeWriteFailure, makeDirectorySync } from '@track/reporters';
import { CliError } from '../cli-error';
import { findScenario, SCENARIOS } from '../scenarios/registry';
import { loadScenarioFile } from '../scenarios/scenario-file';
import { cleanUpAfterRun, LOOKUP_WINDOW_MS } from './cleanup';
import { connectTarget, type TargetOptions } from './cloud-target';
import { type JournalEntry, ResourceJournal } from './resource-journal';
import { type RunPart, type RunProgress, runParts } from './runner';
import { setUpTracking } from './set-up-tracking';

/** Everything one engine (the main thread, or one worker thread) needs; plain data, cloneable. */
export interface EngineConfig {
  /** Scenario name or scenario file path. */
  target: string;
  targetOptions: TargetOptions;
  /** Parallel workers of this engine. */
  concurrency: number;
  /**
   * This engine's workers per part (see {@link partsFor}), when worker threads split the run;
   * a part with 0 workers is left out. Absent: all of `concurrency` / the file's threads.
   */
  partWorkers?: number[];
  durationMs?: number;
  iterations?: number;
  stopOnError: boolean;
  seed: number;
  extraWhitelist: string[];
  runId: string;
  outDir: string;
  /** Worker thread index (0 for the main thread): names and journal files stay distinct. */
  thread: number;
}

/**
 * The parts of a run: a built-in scenario name, or a scenario file. With `partWorkers` (a worker
 * thread's share), each part gets that many workers and parts with none are left out.
 */
export function partsFor(target: string, concurrency: number, partWorkers?: readonly number[]): RunPart[] {
  const share = (parts: RunPart[]): RunPart[] =>
    partWorkers === undefined
      ? parts
      : parts.map((p, i) => ({ ...p, workers: partWorkers[i] ?? 0 })).filter((p) => p.workers > 0);
  const scenario = findScenario(target);
  if (scenario) return share([{ scenario, workers: concurrency, kwargs: {} }]);
  try {
    return share(loadScenarioFile(target));
  } catch (error) {
    if (error instanceof CliError && /Cannot read scenario file .*ENOENT/.test(error.message)) {
      throw new CliError(
        `Unknown scenario ${JSON.stringify(target)}: use one of ${[...SCENARIOS.keys()].join(', ')}, or a scenario file path`,
      );
    }
    throw error;
  }
}

/**
 * One engine: connects, decorates every client with one Trace counting into `stats`, runs the parts
 * until done or stopped, then deletes whatever the run left. Returns what may still be left.
 */
export async function runEngine(
  config: EngineConfig,
  control: {
    stats: Stats;
    progress: RunProgress;
    stopSignal: AbortSignal;
    abortSignal: AbortSignal;
    journal?: (journal: ResourceJournal) => void;
    onConnected?: (description: string, parts: RunPart[]) => void;
  },
): Promise<{ left: JournalEntry[]; cloudName: string }> {
  const parts = partsFor(config.target, config.concurrency, config.partWorkers);
  const cloud = await connectTarget({
    ...config.targetOptions,
    concurrency: parts.reduce((n, p) => n + p.workers, 0),
  }).catch((error: unknown) => {
    // A configuration error (unknown --cloud, missing OS_* variable) is a usage error, also when it
    // happens in a worker thread.
    if (error instanceof OpenStackError && error.code === 'OPENSTACK_CONFIG_ERROR')
      throw new CliError(
        `${config.targetOptions.cloud ? `--cloud ${config.targetOptions.cloud}: ` : ''}${error.message}`,
      );
    throw error;
  });
  if (!cloud.compute && parts.some((p) => p.scenario.needsServers)) {
    await cloud.manager.close();
    throw new CliError(
      'This scenario boots servers: give --flavor and --image (and --network when the cloud needs one) for a real cloud',
    );
  }
  try {
    // Created only now that the run starts, so a usage or connection error leaves no empty directory.
    makeDirectorySync(config.outDir);
  } catch (error) {
    await cloud.manager.close();
    throw new CliError(`--out ${config.outDir} cannot be created: ${describeWriteFailure(error)}`);
  }
  control.onConnected?.(cloud.description, parts);
  const trace = new Trace({
    stats: control.stats,
    whitelist: [...DEFAULT_WHITELIST, ...config.extraWhitelist],
    // One trace per kind of failure, not one per volume or request id: a long run's faults would
    // otherwise fill the kept traces with copies of one failure and drop the rarer ones.
    normalizeStack: replaceIds,
  });
  setUpTracking(trace, cloud.manager);
  let journal: ResourceJournal;
  try {
    journal = new ResourceJournal(
      config.runId,
      join(config.outDir, config.thread === 0 ? 'journal.jsonl' : `journal-${config.thread}.jsonl`),
      config.thread * 1_000_000_000,
    );
  } catch (error) {
    // A journal that cannot be created (JournalWriteError, exit 3): nothing may be created.
    await cloud.manager.close();
    throw error;
  }
  control.journal?.(journal);
  try {
    await runParts(
      {
        manager: cloud.manager,
        journal,
        compute: cloud.compute!,
        parts,
        ...(config.durationMs !== undefined ? { durationMs: config.durationMs } : {}),
        ...(config.iterations !== undefined ? { iterations: config.iterations } : {}),
        stopOnError: config.stopOnError,
        stopSignal: control.stopSignal,
        abortSignal: control.abortSignal,
        seed: config.seed + config.thread * 104_729,
      },
      control.progress,
    );
    await cleanUpAfterRun(cloud.manager, journal, {
      // A create that got no answer is looked for by name this long after it was sent.
      lookupWindowMs: cloud.fake
        ? Math.max(1000, LOOKUP_WINDOW_MS * config.targetOptions.fakeTimeScale)
        : LOOKUP_WINDOW_MS,
    });
    return { left: journal.pending(), cloudName: cloud.cloudName };
  } finally {
    journal.close();
    await cloud.manager.close();
  }
}

/** A fresh progress record. */
export function newProgress(): RunProgress {
  return {
    startedAt: Date.now(),
    iterationsStarted: 0,
    iterationsPassed: 0,
    iterationsFailed: 0,
    iterationErrors: new Map(),
  };
}

/** A Stats with the run timeline on. */
export function runStats(): Stats {
  return new Stats({ timeline: { bucketMs: 1000, maxBuckets: 3600 } });
}
