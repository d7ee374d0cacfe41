import { join } from 'node:path';
import { DEFAULT_WHITELIST, replaceIds, Stats, Trace } from '@track/core';
import { type Manager, OpenStackError, type RequestCounts } from '@track/openstack-clients';
import { describeWriteFailure, makeDirectorySync } from '@track/reporters';
import { CliError } from '../cli-error';
import { findScenario, SCENARIOS } from '../scenarios/registry';
import { loadScenarioFile, ScenarioFileError } from '../scenarios/scenario-file';
import { cleanUpAfterRun, LOOKUP_WINDOW_MS } from './cleanup';
import { connectTarget, type TargetOptions } from './cloud-target';
import { type JournalEntry, ResourceJournal } from './resource-journal';
import { callTotalsOf, type RunTotals } from './run-totals';
import { type RunPart, type RunProgress, runParts } from './runner';
import { setUpTracking } from './set-up-tracking';

/** Everything one engine (the main thread, or one worker thread) needs; plain data, cloneable. */
export interface EngineConfig {
  /** Scenario name or scenario file path. */
  target: string;
  targetOptions: TargetOptions;
  /** Concurrent iterations of this engine (`--concurrency`, or its worker thread's share). */
  concurrency: number;
  /**
   * This engine's concurrent iterations per part (see {@link partsFor}), when worker threads split
   * the run; a part with 0 is left out. Absent: all of `concurrency` / the file's threads.
   */
  partConcurrency?: number[];
  durationMs?: number;
  iterations?: number;
  /** How long in-flight iterations may take once the run stops before its budget is spent. */
  drainMs: number;
  stopOnError: boolean;
  seed: number;
  extraWhitelist: string[];
  runId: string;
  outDir: string;
  /** Worker thread index (0 for the main thread): names and journal files stay distinct. */
  thread: number;
}

/** How long the end-of-run cleanup may take when every iteration ended. */
const CLEANUP_TIMEOUT_MS = 300_000;

/**
 * The parts of a run: a built-in scenario name, or a scenario file. With `partConcurrency` (a
 * worker thread's share), each part gets that many concurrent iterations and parts with none are
 * left out.
 */
export function partsFor(
  target: string,
  concurrency: number,
  partConcurrency?: readonly number[],
): RunPart[] {
  const share = (parts: RunPart[]): RunPart[] =>
    partConcurrency === undefined
      ? parts
      : parts
          .map((p, i) => ({ ...p, concurrency: partConcurrency[i] ?? 0 }))
          .filter((p) => p.concurrency > 0);
  const scenario = findScenario(target);
  if (scenario) return share([{ scenario, concurrency, kwargs: {} }]);
  try {
    return share(loadScenarioFile(target));
  } catch (error) {
    if (error instanceof ScenarioFileError && error.code === 'SCENARIO_FILE_NOT_FOUND') {
      throw new CliError(
        `Unknown scenario ${JSON.stringify(target)}: use one of ${[...SCENARIOS.keys()].join(', ')}, or a scenario file path`,
        undefined,
        'UNKNOWN_SCENARIO',
      );
    }
    throw error;
  }
}

/** What an engine gives back when it is done. */
export interface EngineResult {
  /** Resources that may still exist after the end-of-run cleanup. */
  left: JournalEntry[];
  cloudName: string;
  /** HTTP requests counted at the transport. */
  requests: RequestCounts;
  /** Why the journal file could not be written, when it could not (the run then exits 3). */
  journalFailure?: string;
}

/** A running engine: its live statistics and progress, and what its owner may ask of it. */
export interface EngineRun {
  readonly stats: Stats;
  readonly progress: RunProgress;
  /** Traced calls and HTTP requests so far. */
  totals(): RunTotals;
  /** Resources that may exist right now. */
  pending(): JournalEntry[];
  /** No new iterations; in-flight ones get the drain timeout. */
  stop(): void;
  readonly done: Promise<EngineResult>;
}

/**
 * Starts one engine (the one wiring of a run, in this thread or in a worker thread): connects,
 * decorates every client with one Trace counting into its `stats`, runs the parts until done or
 * stopped, drains, then deletes whatever the run left.
 */
export function startEngine(
  config: EngineConfig,
  hooks: { onConnected?: (description: string, fake: boolean) => void } = {},
): EngineRun {
  const stats = runStats();
  const progress = newProgress();
  const stopController = new AbortController();
  let journal: ResourceJournal | undefined;
  let manager: Manager | undefined;
  const done = runEngine(config, {
    stats,
    progress,
    stopSignal: stopController.signal,
    onStarted: (m, j) => {
      manager = m;
      journal = j;
    },
    ...(hooks.onConnected ? { onConnected: hooks.onConnected } : {}),
  });
  return {
    stats,
    progress,
    totals: () => ({
      calls: callTotalsOf(stats),
      requests: manager?.session.requestCounts ?? { sent: 0, failed: 0 },
      requestOutcomes: manager?.session.requestOutcomes() ?? [],
    }),
    pending: () => journal?.pending() ?? [],
    stop: () => stopController.abort(),
    done,
  };
}

async function runEngine(
  config: EngineConfig,
  control: {
    stats: Stats;
    progress: RunProgress;
    stopSignal: AbortSignal;
    onStarted: (manager: Manager, journal: ResourceJournal) => void;
    onConnected?: (description: string, fake: boolean) => void;
  },
): Promise<EngineResult> {
  const parts = partsFor(config.target, config.concurrency, config.partConcurrency);
  const cloud = await connectTarget({
    ...config.targetOptions,
    concurrency: parts.reduce((n, p) => n + p.concurrency, 0),
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
  control.onConnected?.(cloud.description, cloud.fake !== undefined);
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
  control.onStarted(cloud.manager, journal);
  let abandoned = 0;
  try {
    abandoned = await runParts(
      {
        manager: cloud.manager,
        journal,
        compute: cloud.compute!,
        parts,
        ...(config.durationMs !== undefined ? { durationMs: config.durationMs } : {}),
        ...(config.iterations !== undefined ? { iterations: config.iterations } : {}),
        stopOnError: config.stopOnError,
        stopSignal: control.stopSignal,
        drainMs: config.drainMs,
        seed: config.seed + config.thread * 104_729,
      },
      control.progress,
    );
    await cleanUpAfterRun(cloud.manager, journal, {
      // After abandoned iterations the cloud is not answering in time: the cleanup gets the drain
      // timeout again, and what it cannot remove is listed in orphans.json.
      timeoutMs: abandoned > 0 ? config.drainMs : CLEANUP_TIMEOUT_MS,
      // A create that got no answer is looked for by name this long after it was sent.
      lookupWindowMs: cloud.fake
        ? Math.max(1000, LOOKUP_WINDOW_MS * config.targetOptions.fakeTimeScale)
        : LOOKUP_WINDOW_MS,
    });
    const left = journal.pending();
    // Closed (fsynced) before the result is read, so a failure to make it durable is in the result.
    journal.close();
    return {
      left,
      cloudName: cloud.cloudName,
      requests: cloud.manager.session.requestCounts,
      ...(journal.writeFailure ? { journalFailure: journal.writeFailure.message } : {}),
    };
  } finally {
    journal.close();
    // Abandoned iterations may still hold requests: closing waits for them only briefly.
    await (abandoned > 0 ? Promise.race([cloud.manager.close(), delay(1000)]) : cloud.manager.close());
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A fresh progress record. */
export function newProgress(): RunProgress {
  return {
    startedAt: Date.now(),
    iterationsStarted: 0,
    iterationsPassed: 0,
    iterationsFailed: 0,
    iterationsAbandoned: 0,
    iterationErrors: new Map(),
  };
}

/** A Stats with the run timeline on. */
export function runStats(): Stats {
  return new Stats({ timeline: { bucketMs: 1000, maxBuckets: 3600 } });
}
