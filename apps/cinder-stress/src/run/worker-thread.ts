import { parentPort, workerData } from 'node:worker_threads';
import type { JournalEntry } from './resource-journal';
import { type EngineConfig, startEngine } from './run-engine';
import type { RunTotals } from './run-totals';
import type { RunProgress } from './runner';

/** The progress a worker thread reports (a plain copy of its RunProgress). */
export type ThreadProgress = Pick<
  RunProgress,
  'iterationsStarted' | 'iterationsPassed' | 'iterationsFailed' | 'iterationsAbandoned' | 'stoppedBy'
>;

/** Messages a worker thread sends to the main thread. */
export type WorkerMessage =
  | { type: 'connected'; description: string; fake: boolean }
  | { type: 'heartbeat'; totals: RunTotals; progress: ThreadProgress; pending: JournalEntry[] }
  | { type: 'stats'; stats: unknown }
  | {
      type: 'done';
      stats: unknown;
      cloudName: string;
      left: JournalEntry[];
      journalFailure?: string;
      totals: RunTotals;
      progress: ThreadProgress;
      iterationErrors: [string, number][];
    }
  | { type: 'failed'; message: string; exitCode?: number };

/** Messages the main thread sends: stop starting iterations, or send the stats now. */
export type ControlMessage = { type: 'stop' } | { type: 'stats' };

/** The worker thread's body: one engine (the same wiring as in the main thread), reporting to the main thread. */
export async function workerMain(): Promise<void> {
  const port = parentPort!;
  const engine = startEngine(workerData as EngineConfig, {
    onConnected: (description, fake) =>
      port.postMessage({ type: 'connected', description, fake } satisfies WorkerMessage),
  });
  const { stats, progress } = engine;
  const progressCopy = (): ThreadProgress => ({
    iterationsStarted: progress.iterationsStarted,
    iterationsPassed: progress.iterationsPassed,
    iterationsFailed: progress.iterationsFailed,
    iterationsAbandoned: progress.iterationsAbandoned,
    ...(progress.stoppedBy ? { stoppedBy: progress.stoppedBy } : {}),
  });
  port.on('message', (message: ControlMessage) => {
    if (message.type === 'stop') engine.stop();
    else port.postMessage({ type: 'stats', stats: stats.toJSON() } satisfies WorkerMessage);
  });
  const heartbeat = setInterval(() => {
    port.postMessage({
      type: 'heartbeat',
      totals: engine.totals(),
      progress: progressCopy(),
      pending: engine.pending(),
    } satisfies WorkerMessage);
  }, 500);
  try {
    const result = await engine.done;
    port.postMessage({
      type: 'done',
      stats: stats.toJSON(),
      cloudName: result.cloudName,
      left: result.left,
      ...(result.journalFailure ? { journalFailure: result.journalFailure } : {}),
      totals: { ...engine.totals(), requests: result.requests },
      progress: progressCopy(),
      iterationErrors: [...progress.iterationErrors],
    } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({
      type: 'failed',
      message: (error as Error).message,
      ...((error as { exitCode?: number }).exitCode !== undefined
        ? { exitCode: (error as { exitCode: number }).exitCode }
        : {}),
    } satisfies WorkerMessage);
  } finally {
    clearInterval(heartbeat);
    port.close();
  }
}
