import { Worker } from 'node:worker_threads';
import { Stats } from '@track/core';
import { CliError } from '../cli-error';
import type { JournalEntry } from './resource-journal';
import type { EngineConfig } from './run-engine';
import type { RunProgress } from './runner';
import type { ControlMessage, WorkerMessage } from './worker-thread';

/** Live view of a run spread over worker threads. */
export interface ThreadedRun {
  /** Summed counts from the latest heartbeats. */
  totals(): { pass: number; fail: number };
  /** Resources that may exist right now, from the latest heartbeats. */
  pending(): JournalEntry[];
  /** Asks every thread for its statistics now and merges them. */
  snapshot(): Promise<Stats>;
  stop(): void;
  abort(): void;
  /** Resolves when every thread is done, with the merged statistics. */
  done: Promise<{ stats: Stats; left: JournalEntry[]; cloudName: string }>;
}

/**
 * Runs `threads` engines in worker threads (each with its share of the workers and, on the embedded
 * fake, its own fake cloud) and merges their statistics: for more cores than one event loop uses.
 */
export function runInThreads(
  base: EngineConfig,
  threads: number,
  workerUrl: URL,
  progress: RunProgress,
  onConnected: (description: string) => void,
): ThreadedRun {
  const beats = new Map<number, Extract<WorkerMessage, { type: 'heartbeat' }>>();
  const workers: Worker[] = [];
  const snapshotWaiters: ((stats: unknown) => void)[][] = [];
  const finals = new Map<number, unknown>();
  let connected = false;
  const results = Array.from({ length: threads }, (_, thread) => {
    const share = 1 / threads;
    const config: EngineConfig = {
      ...base,
      thread: thread + 1,
      share,
      concurrency: Math.max(1, Math.round(base.concurrency * share)),
      ...(base.iterations !== undefined
        ? { iterations: Math.max(1, Math.round(base.iterations * share)) }
        : {}),
    };
    const worker = new Worker(workerUrl, { workerData: config });
    workers.push(worker);
    snapshotWaiters.push([]);
    return new Promise<Extract<WorkerMessage, { type: 'done' }>>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'connected' && !connected) {
          connected = true;
          onConnected(message.description);
        } else if (message.type === 'heartbeat') {
          beats.set(thread, message);
          progress.iterationsPassed = [...beats.values()].reduce((n, b) => n + b.iterationsPassed, 0);
          progress.iterationsFailed = [...beats.values()].reduce((n, b) => n + b.iterationsFailed, 0);
        } else if (message.type === 'stats') {
          for (const waiter of snapshotWaiters[thread]!.splice(0)) waiter(message.stats);
        } else if (message.type === 'done') {
          finals.set(thread, message.stats);
          for (const waiter of snapshotWaiters[thread]!.splice(0)) waiter(message.stats);
          resolve(message);
        } else if (message.type === 'failed') {
          reject(new CliError(message.message, message.exitCode ?? 1));
        }
      });
      worker.on('error', (error) => reject(error));
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`worker thread ${thread + 1} exited with code ${code}`));
      });
    });
  });
  const post = (message: ControlMessage) => {
    for (const worker of workers) worker.postMessage(message);
  };
  const done = Promise.all(results).then((all) => {
    const stats = new Stats({ timeline: { bucketMs: 1000, maxBuckets: 3600 } });
    for (const result of all) stats.merge(result.stats as never);
    progress.iterationsPassed = all.reduce((n, r) => n + r.iterationsPassed, 0);
    progress.iterationsFailed = all.reduce((n, r) => n + r.iterationsFailed, 0);
    for (const result of all) {
      for (const [message, count] of result.iterationErrors)
        progress.iterationErrors.set(message, (progress.iterationErrors.get(message) ?? 0) + count);
      if (result.stoppedBy) progress.stoppedBy ??= result.stoppedBy as RunProgress['stoppedBy'];
    }
    return { stats, left: all.flatMap((r) => r.left as JournalEntry[]), cloudName: all[0]!.cloudName };
  });
  return {
    totals: () =>
      [...beats.values()].reduce((t, b) => ({ pass: t.pass + b.pass, fail: t.fail + b.fail }), {
        pass: 0,
        fail: 0,
      }),
    pending: () => [...beats.values()].flatMap((b) => b.pending as JournalEntry[]),
    snapshot: async () => {
      const documents = await Promise.all(
        workers.map((worker, thread) =>
          finals.has(thread)
            ? Promise.resolve(finals.get(thread))
            : new Promise<unknown>((resolve) => {
                snapshotWaiters[thread]!.push(resolve);
                worker.postMessage({ type: 'stats' } satisfies ControlMessage);
              }),
        ),
      );
      const stats = new Stats();
      for (const doc of documents) stats.merge(doc as never);
      return stats;
    },
    stop: () => post({ type: 'stop' }),
    abort: () => post({ type: 'abort' }),
    done,
  };
}
