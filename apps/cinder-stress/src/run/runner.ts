import type { Manager } from '@track/openstack-clients';
import type { ComputeSettings, Scenario, ScenarioContext } from '../scenarios/scenario';
import type { ResourceJournal } from './resource-journal';

/** One part of a run: a scenario with its parallel workers and arguments. */
export interface RunPart {
  scenario: Scenario;
  workers: number;
  kwargs: Record<string, unknown>;
}

/** Options of {@link runParts}. */
export interface RunnerOptions {
  manager: Manager;
  journal: ResourceJournal;
  compute: ComputeSettings;
  parts: RunPart[];
  /** Stop starting iterations after this many ms. */
  durationMs?: number;
  /** Stop after this many iterations in all (across workers). */
  iterations?: number;
  /** Stop at the first failed iteration. */
  stopOnError?: boolean;
  /** Stops starting new iterations (first signal, SLA stop). */
  stopSignal: AbortSignal;
  /** Aborts in-flight waits (second signal, drain timeout). */
  abortSignal: AbortSignal;
  seed: number;
}

/** Live progress of a run. */
export interface RunProgress {
  startedAt: number;
  iterationsStarted: number;
  iterationsPassed: number;
  iterationsFailed: number;
  /** Iteration failures by message (bounded), for the end-of-run summary. */
  iterationErrors: Map<string, number>;
  stoppedBy?: 'duration' | 'iterations' | 'signal' | 'error';
}

/** A small seeded random source per worker (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs every part's workers in parallel until the duration or iteration budget is spent, the stop
 * signal fires, or (with stopOnError) an iteration fails. A failed iteration is counted and the
 * worker goes on: every API failure inside it is already counted by the Trace. Each worker's
 * tearDown runs at the end, whatever happened.
 */
export async function runParts(options: RunnerOptions, progress: RunProgress): Promise<void> {
  const deadline =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : progress.startedAt + options.durationMs;
  const stop = (reason: NonNullable<RunProgress['stoppedBy']>) => {
    progress.stoppedBy ??= reason;
  };
  const canStart = (): boolean => {
    if (progress.stoppedBy) return false;
    if (options.stopSignal.aborted) return (stop('signal'), false);
    if (Date.now() >= deadline) return (stop('duration'), false);
    if (options.iterations !== undefined && progress.iterationsStarted >= options.iterations)
      return (stop('iterations'), false);
    return true;
  };
  let worker = 0;
  const loops: Promise<void>[] = [];
  for (const part of options.parts) {
    for (let i = 0; i < part.workers; i++) {
      const index = worker++;
      const context: ScenarioContext = {
        manager: options.manager,
        journal: options.journal,
        compute: options.compute,
        signal: options.abortSignal,
        kwargs: part.kwargs,
        worker: index,
        random: seeded(options.seed * 7919 + index),
        state: {},
      };
      loops.push(workerLoop(part.scenario, context, canStart, progress, options.stopOnError === true, stop));
    }
  }
  await Promise.all(loops);
}

async function workerLoop(
  scenario: Scenario,
  context: ScenarioContext,
  canStart: () => boolean,
  progress: RunProgress,
  stopOnError: boolean,
  stop: (reason: 'error') => void,
): Promise<void> {
  const record = (error: unknown) => {
    progress.iterationsFailed++;
    const key = `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`.slice(
      0,
      300,
    );
    if (progress.iterationErrors.has(key) || progress.iterationErrors.size < 50) {
      progress.iterationErrors.set(key, (progress.iterationErrors.get(key) ?? 0) + 1);
    }
    if (stopOnError) stop('error');
  };
  try {
    if (scenario.setUp && canStart()) await scenario.setUp(context);
    while (canStart()) {
      progress.iterationsStarted++;
      try {
        await scenario.iteration(context);
        progress.iterationsPassed++;
      } catch (error) {
        record(error);
        if (context.signal.aborted) break;
      }
    }
  } catch (error) {
    record(error);
  } finally {
    if (scenario.tearDown) {
      try {
        await scenario.tearDown(context);
      } catch (error) {
        record(error);
      }
    }
  }
}
