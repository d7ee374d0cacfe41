import { SeededRandom } from '@track/fake-openstack';
import { type Manager, OpenStackError } from '@track/openstack-clients';
import type { ComputeSettings, Scenario, ScenarioContext } from '../scenarios/scenario';
import { pause, sweepAbandoned } from './cleanup';
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
  /**
   * Iteration failures by kind (bounded), for the end-of-run summary: one key per error name, code,
   * HTTP method, path and status, with one example message (see {@link recordIterationError}).
   */
  iterationErrors: Map<string, number>;
  stoppedBy?: 'duration' | 'iterations' | 'signal' | 'error';
}

/** A seeded random source in [0, 1) (the fake cloud's generator): one per worker, and for tests that must replay. */
export function seededRandom(seed: number): () => number {
  const source = new SeededRandom(seed);
  return () => source.next();
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
    const reason = options.stopSignal.aborted
      ? 'signal'
      : Date.now() >= deadline
        ? 'duration'
        : options.iterations !== undefined && progress.iterationsStarted >= options.iterations
          ? 'iterations'
          : undefined;
    if (reason === undefined) return true;
    stop(reason);
    return false;
  };
  // Each worker waits on its own signal, all aborted by one listener on the run's: a signal shared
  // by every worker's waits collects more abort listeners than Node tolerates without a warning.
  // Backoff pauses end on either signal the same way, through one per-worker `wake` signal.
  const workerControllers: AbortController[] = [];
  const wakeControllers: AbortController[] = [];
  const wakeWorkers = () => {
    for (const controller of wakeControllers) controller.abort();
  };
  const abortWorkers = () => {
    for (const controller of workerControllers) controller.abort(options.abortSignal.reason);
    wakeWorkers();
  };
  options.abortSignal.addEventListener('abort', abortWorkers, { once: true });
  options.stopSignal.addEventListener('abort', wakeWorkers, { once: true });
  let worker = 0;
  const loops: Promise<void>[] = [];
  for (const part of options.parts) {
    for (let i = 0; i < part.workers; i++) {
      const index = worker++;
      const controller = new AbortController();
      workerControllers.push(controller);
      if (options.abortSignal.aborted) controller.abort(options.abortSignal.reason);
      const wake = new AbortController();
      wakeControllers.push(wake);
      if (options.abortSignal.aborted || options.stopSignal.aborted) wake.abort();
      const context: ScenarioContext = {
        manager: options.manager,
        journal: options.journal,
        compute: options.compute,
        signal: controller.signal,
        kwargs: part.kwargs,
        worker: index,
        random: seededRandom(options.seed * 7919 + index),
        state: {},
      };
      const loop: WorkerLoop = {
        canStart,
        progress,
        stopOnError: options.stopOnError === true,
        stop,
        wake: wake.signal,
        deadline,
      };
      loops.push(workerLoop(part.scenario, context, loop));
    }
  }
  try {
    await Promise.all(loops);
  } finally {
    options.abortSignal.removeEventListener('abort', abortWorkers);
    options.stopSignal.removeEventListener('abort', wakeWorkers);
  }
}

/** First pause, after two failed iterations or setUps in a row, in ms; doubled per further failure. */
export const BACKOFF_BASE_MS = 25;
/** Longest pause between failed iterations, in ms. */
export const BACKOFF_MAX_MS = 1000;

/**
 * The pause after `failuresInARow` failed iterations (or setUps) of one worker: none after a single
 * failure (a sporadic fault costs nothing), then 25 ms doubling up to 1 s, with up to 20% jitter
 * from `random` (0..1).
 */
export function backoffMs(failuresInARow: number, random: () => number = Math.random): number {
  if (failuresInARow <= 1) return 0;
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failuresInARow - 2, 20));
  return Math.round(base * (1 - 0.2 * random()));
}

/** Abandoned resources one worker retries between two iterations. */
const SWEEP_BATCH = 4;

interface WorkerLoop {
  canStart: () => boolean;
  progress: RunProgress;
  stopOnError: boolean;
  stop: (reason: 'error') => void;
  /** Aborted on the first signal (stop) or the run's abort: ends backoff pauses early. */
  wake: AbortSignal;
  /** Epoch ms after which no iteration starts (backoff pauses end there too). */
  deadline: number;
}

/** Sleeps the backoff for `failuresInARow`, ending early on stop, abort or the run's deadline. */
async function backOff(context: ScenarioContext, loop: WorkerLoop, failuresInARow: number): Promise<void> {
  const ms = Math.min(backoffMs(failuresInARow, context.random), Math.max(0, loop.deadline - Date.now()));
  if (ms > 0) await pause(ms, loop.wake);
}

async function workerLoop(scenario: Scenario, context: ScenarioContext, loop: WorkerLoop): Promise<void> {
  const { canStart, progress } = loop;
  const record = (error: unknown) => {
    progress.iterationsFailed++;
    recordIterationError(progress, error);
    if (loop.stopOnError) loop.stop('error');
  };
  let failuresInARow = 0;
  try {
    // A failed setUp is counted and tried again (with backoff) instead of ending the worker.
    let ready = scenario.setUp === undefined;
    while (!ready && canStart()) {
      try {
        await scenario.setUp!(context);
        ready = true;
        failuresInARow = 0;
      } catch (error) {
        record(error);
        if (context.signal.aborted) return;
        await backOff(context, loop, ++failuresInARow);
      }
    }
    while (canStart()) {
      if (context.journal.abandonedCount > 0)
        await sweepAbandoned(context.manager, context.journal, { signal: context.signal, max: SWEEP_BATCH });
      if (!canStart()) break;
      progress.iterationsStarted++;
      try {
        await scenario.iteration(context);
        progress.iterationsPassed++;
        failuresInARow = 0;
      } catch (error) {
        record(error);
        if (context.signal.aborted) break;
        await backOff(context, loop, ++failuresInARow);
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

/** Distinct failure kinds kept in {@link RunProgress.iterationErrors}. */
const MAX_ERROR_KINDS = 50;
/** Each progress's failure kinds: group key -> the key shown (group plus its first example). */
const errorKinds = new WeakMap<RunProgress, Map<string, string>>();

/**
 * What groups failures in the summary: error name, code, HTTP method, URL path (ids and host taken
 * out) and status, e.g. `ServerFault OPENSTACK_SERVER_FAULT POST /volume/v3/{id}/volumes 503`. Plain
 * errors group by name and message with ids taken out.
 */
export function errorGroup(error: unknown): string {
  if (error instanceof OpenStackError) {
    const path = error.url ? withoutIds(pathOf(error.url)) : undefined;
    return [error.name, error.code, error.method, path, error.status]
      .filter((p) => p !== undefined)
      .join(' ');
  }
  const name = (error as Error)?.name ?? 'Error';
  return `${name}: ${withoutIds(String((error as Error)?.message ?? error))}`.slice(0, 200);
}

/** Counts one failed iteration under its {@link errorGroup}, the first message of a group as its example. */
export function recordIterationError(progress: RunProgress, error: unknown): void {
  let kinds = errorKinds.get(progress);
  if (kinds === undefined) {
    kinds = new Map();
    errorKinds.set(progress, kinds);
  }
  const group = errorGroup(error);
  let key = kinds.get(group);
  if (key === undefined) {
    if (kinds.size >= MAX_ERROR_KINDS) return;
    const example = withoutIds(String((error as Error)?.message ?? error)).slice(0, 240);
    key = error instanceof OpenStackError ? `${group}, e.g. ${example}` : group;
    kinds.set(group, key);
  }
  progress.iterationErrors.set(key, (progress.iterationErrors.get(key) ?? 0) + 1);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0]!;
  }
}

/** Replaces UUIDs, long hex ids, request ids and numbered tool names by placeholders. */
function withoutIds(text: string): string {
  return text
    .replace(/req-[0-9a-f-]{36}/gi, 'req-{id}')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/\b[0-9a-f]{32}\b/gi, '{id}')
    .replace(/\b(track-[a-z0-9]+-(?:server|snapshot|volume))-\d+\b/g, '$1-{n}');
}
