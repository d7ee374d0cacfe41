import { SeededRandom } from '@track/fake-openstack';
import { type Manager, OpenStackError } from '@track/openstack-clients';
import type { ComputeSettings, Scenario, ScenarioContext } from '../scenarios/scenario';
import { sweepAbandoned } from './cleanup';
import { pause } from './pause';
import type { ResourceJournal } from './resource-journal';

/** One part of a run: a scenario with its concurrent iterations and arguments. */
export interface RunPart {
  scenario: Scenario;
  /** Concurrent iterations of this part (`--concurrency`, or a scenario file action's `threads`). */
  concurrency: number;
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
  /** Stop after this many iterations in all (across slots). */
  iterations?: number;
  /** Stop at the first failed iteration. */
  stopOnError?: boolean;
  /** Stops starting new iterations (a signal, an SLA stop). */
  stopSignal: AbortSignal;
  /** Aborts in-flight waits at once. */
  abortSignal?: AbortSignal;
  /**
   * Once the run stops starting iterations before its budget is spent (end of the duration, the stop
   * signal, stopOnError), how long in-flight iterations may take; iterations still running then are
   * aborted and abandoned (not waited for). Absent: waited for without bound.
   */
  drainMs?: number;
  seed: number;
}

/** Live progress of a run. */
export interface RunProgress {
  startedAt: number;
  iterationsStarted: number;
  iterationsPassed: number;
  iterationsFailed: number;
  /** Iterations still running when the drain timeout passed, not waited for. */
  iterationsAbandoned: number;
  /**
   * Iteration failures by kind (bounded), for the end-of-run summary: one key per error name, code,
   * HTTP method, path and status, with one example message (see {@link recordIterationError}).
   */
  iterationErrors: Map<string, number>;
  stoppedBy?: StopReason;
}

/** Why a run stopped starting iterations. */
export type StopReason = 'duration' | 'iterations' | 'signal' | 'error';

/** The reason in-flight waits are aborted with when the drain timeout passes. */
export class DrainTimeout extends Error {
  readonly code = 'DRAIN_TIMEOUT';
  constructor(drainMs: number) {
    super(`drain timeout: still running ${drainMs / 1000}s after the run stopped`);
    this.name = 'DrainTimeout';
  }
}

/** A seeded random source in [0, 1) (the fake cloud's generator): one per slot, and for tests that must replay. */
export function seededRandom(seed: number): () => number {
  const source = new SeededRandom(seed);
  return () => source.next();
}

/**
 * Runs every part's slots (one per concurrent iteration) in parallel until the duration or
 * iteration budget is spent, the stop signal fires, or (with stopOnError) an iteration fails; then
 * waits for in-flight iterations (up to `drainMs`, see {@link RunnerOptions.drainMs}). A failed
 * iteration is counted and its slot goes on: every API failure inside it is already counted by the
 * Trace. Each slot's tearDown runs at the end, whatever happened. Resolves with the number of
 * iterations abandoned after the drain timeout (also in `progress.iterationsAbandoned`).
 */
export async function runParts(options: RunnerOptions, progress: RunProgress): Promise<number> {
  const deadline =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : progress.startedAt + options.durationMs;
  // Each slot waits on its own signal, all aborted by one listener on the run's: a signal shared
  // by every slot's waits collects more abort listeners than Node tolerates without a warning.
  // Backoff pauses end on a stop the same way, through one per-slot `wake` signal.
  const slotControllers: AbortController[] = [];
  const wakeControllers: AbortController[] = [];
  const slots: SlotState[] = [];
  const wakeSlots = () => {
    for (const controller of wakeControllers) controller.abort();
  };
  const abortSlots = (reason: unknown) => {
    for (const controller of slotControllers) controller.abort(reason);
    wakeSlots();
  };
  let drainTimer: NodeJS.Timeout | undefined;
  let drainExpired: () => void = () => {};
  const drained = new Promise<void>((resolve) => {
    drainExpired = resolve;
  });
  const stop = (reason: StopReason) => {
    if (progress.stoppedBy) return;
    progress.stoppedBy = reason;
    wakeSlots();
    if (options.drainMs !== undefined && reason !== 'iterations') {
      drainTimer = setTimeout(() => {
        // The iterations still running are abandoned: aborted, not waited for, and whatever they
        // do from now on is not counted (neither as passed nor as failed).
        for (const state of slots) state.closed = true;
        progress.iterationsAbandoned = slots.filter((s) => s.inIteration).length;
        abortSlots(new DrainTimeout(options.drainMs!));
        drainExpired();
      }, options.drainMs);
    }
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
  const onAbort = () => abortSlots(options.abortSignal!.reason);
  const onStop = () => stop('signal');
  options.abortSignal?.addEventListener('abort', onAbort, { once: true });
  options.stopSignal.addEventListener('abort', onStop, { once: true });
  const deadlineTimer = Number.isFinite(deadline)
    ? setTimeout(() => stop('duration'), Math.max(0, deadline - Date.now()))
    : undefined;
  let index = 0;
  const loops: Promise<void>[] = [];
  for (const part of options.parts) {
    for (let i = 0; i < part.concurrency; i++) {
      const slot = index++;
      const controller = new AbortController();
      slotControllers.push(controller);
      if (options.abortSignal?.aborted) controller.abort(options.abortSignal.reason);
      const wake = new AbortController();
      wakeControllers.push(wake);
      if (options.abortSignal?.aborted || options.stopSignal.aborted) wake.abort();
      const context: ScenarioContext = {
        manager: options.manager,
        journal: options.journal,
        compute: options.compute,
        signal: controller.signal,
        kwargs: part.kwargs,
        slot,
        random: seededRandom(options.seed * 7919 + slot),
        state: {},
      };
      const state: SlotState = { inIteration: false, closed: false };
      slots.push(state);
      const loop: SlotLoop = {
        canStart,
        progress,
        stopOnError: options.stopOnError === true,
        stop,
        wake: wake.signal,
        deadline,
        state,
      };
      loops.push(slotLoop(part.scenario, context, loop));
    }
  }
  try {
    await Promise.race([Promise.all(loops), drained]);
    return progress.iterationsAbandoned;
  } finally {
    clearTimeout(deadlineTimer);
    clearTimeout(drainTimer);
    options.abortSignal?.removeEventListener('abort', onAbort);
    options.stopSignal.removeEventListener('abort', onStop);
  }
}

/** First pause, after two failed iterations or setUps in a row, in ms; doubled per further failure. */
export const BACKOFF_BASE_MS = 25;
/** Longest pause between failed iterations, in ms. */
export const BACKOFF_MAX_MS = 1000;

/**
 * The pause after `failuresInARow` failed iterations (or setUps) of one slot: none after a single
 * failure (a sporadic fault costs nothing), then 25 ms doubling up to 1 s, with up to 20% jitter
 * from `random` (0..1).
 */
export function backoffMs(failuresInARow: number, random: () => number = Math.random): number {
  if (failuresInARow <= 1) return 0;
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failuresInARow - 2, 20));
  return Math.round(base * (1 - 0.2 * random()));
}

/** Abandoned resources one slot retries between two iterations. */
const SWEEP_BATCH = 4;

/** What {@link runParts} knows of one slot: whether it is inside an iteration, and whether it still counts. */
interface SlotState {
  inIteration: boolean;
  /** Set when the drain timeout passed: what the slot does later is not counted. */
  closed: boolean;
}

interface SlotLoop {
  canStart: () => boolean;
  progress: RunProgress;
  stopOnError: boolean;
  stop: (reason: 'error') => void;
  /** Aborted when the run stops starting iterations or is aborted: ends backoff pauses early. */
  wake: AbortSignal;
  /** Epoch ms after which no iteration starts (backoff pauses end there too). */
  deadline: number;
  state: SlotState;
}

/** Sleeps the backoff for `failuresInARow`, ending early on stop, abort or the run's deadline. */
async function backOff(context: ScenarioContext, loop: SlotLoop, failuresInARow: number): Promise<void> {
  const ms = Math.min(backoffMs(failuresInARow, context.random), Math.max(0, loop.deadline - Date.now()));
  if (ms > 0) await pause(ms, loop.wake);
}

/** One slot: setUp, then iterations one after the other while the run may start them, then tearDown. */
async function slotLoop(scenario: Scenario, context: ScenarioContext, loop: SlotLoop): Promise<void> {
  const { canStart, progress, state } = loop;
  const record = (error: unknown) => {
    if (state.closed) return;
    progress.iterationsFailed++;
    recordIterationError(progress, error);
    if (loop.stopOnError) loop.stop('error');
  };
  let failuresInARow = 0;
  try {
    // A failed setUp is counted and tried again (with backoff) instead of ending the slot.
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
      state.inIteration = true;
      try {
        await scenario.iteration(context);
        if (!state.closed) progress.iterationsPassed++;
        failuresInARow = 0;
      } catch (error) {
        record(error);
        if (context.signal.aborted) break;
        await backOff(context, loop, ++failuresInARow);
      } finally {
        state.inIteration = false;
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
