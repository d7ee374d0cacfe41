import { parentPort, workerData } from 'node:worker_threads';
import type { ResourceJournal } from './resource-journal';
import { type EngineConfig, newProgress, runEngine, runStats } from './run-engine';

/** Messages a worker thread sends to the main thread. */
export type WorkerMessage =
  | { type: 'connected'; description: string }
  | {
      type: 'heartbeat';
      pass: number;
      fail: number;
      iterationsPassed: number;
      iterationsFailed: number;
      pending: { kind: string; name: string; id?: string }[];
    }
  | { type: 'stats'; stats: unknown }
  | {
      type: 'done';
      stats: unknown;
      cloudName: string;
      left: unknown[];
      iterationsPassed: number;
      iterationsFailed: number;
      iterationErrors: [string, number][];
      stoppedBy?: string;
    }
  | { type: 'failed'; message: string; exitCode?: number };

/** Messages the main thread sends: stop starting iterations, abort in-flight ones, or send the stats now. */
export type ControlMessage = { type: 'stop' } | { type: 'abort' } | { type: 'stats' };

/** The worker thread's body: one engine, reporting to the main thread. */
export async function workerMain(): Promise<void> {
  const port = parentPort!;
  const config = workerData as EngineConfig;
  const stats = runStats();
  const progress = newProgress();
  const stop = new AbortController();
  const abort = new AbortController();
  let journal: ResourceJournal | undefined;
  port.on('message', (message: ControlMessage) => {
    if (message.type === 'stop') stop.abort();
    else if (message.type === 'abort') abort.abort(new Error('drain timeout'));
    else port.postMessage({ type: 'stats', stats: stats.toJSON() } satisfies WorkerMessage);
  });
  const heartbeat = setInterval(() => {
    let pass = 0;
    let fail = 0;
    for (const m of stats.methods()) {
      pass += m.pass;
      fail += m.fail;
    }
    port.postMessage({
      type: 'heartbeat',
      pass,
      fail,
      iterationsPassed: progress.iterationsPassed,
      iterationsFailed: progress.iterationsFailed,
      pending: journal?.pending() ?? [],
    } satisfies WorkerMessage);
  }, 500);
  try {
    const result = await runEngine(config, {
      stats,
      progress,
      stopSignal: stop.signal,
      abortSignal: abort.signal,
      journal: (j) => {
        journal = j;
      },
      onConnected: (description) =>
        port.postMessage({ type: 'connected', description } satisfies WorkerMessage),
    });
    port.postMessage({
      type: 'done',
      stats: stats.toJSON(),
      cloudName: result.cloudName,
      left: result.left,
      iterationsPassed: progress.iterationsPassed,
      iterationsFailed: progress.iterationsFailed,
      iterationErrors: [...progress.iterationErrors],
      ...(progress.stoppedBy ? { stoppedBy: progress.stoppedBy } : {}),
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
