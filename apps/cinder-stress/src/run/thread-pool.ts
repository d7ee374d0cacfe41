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

/** One worker thread's share of a run. */
export interface ThreadShare {
  /** Parallel workers of each part (index-aligned with the run's parts; 0 leaves a part out). */
  partWorkers: number[];
  /** Iterations of this thread, when the run is bounded by --iterations. */
  iterations?: number;
}

/** Splits `total` into `count` whole shares that differ by at most one and sum to `total`. */
function splitEvenly(total: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0));
}

/**
 * Splits a run's parallel workers (per part) and its iterations over `threads` worker threads so the
 * shares add up to exactly what was asked for, and no thread gets 0 workers or 0 iterations.
 * Throws a usage error (exit 2) naming --workers when there is not enough to share.
 */
export function splitAcrossThreads(
  partWorkers: readonly number[],
  threads: number,
  iterations?: number,
): ThreadShare[] {
  const totalWorkers = partWorkers.reduce((n, w) => n + w, 0);
  if (threads > totalWorkers)
    throw new CliError(
      `--workers ${threads} is more than the ${totalWorkers} parallel workers to share: raise --concurrency or lower --workers`,
    );
  if (iterations !== undefined && threads > iterations)
    throw new CliError(
      `--workers ${threads} is more than the ${iterations} iterations to share: raise --iterations or lower --workers`,
    );
  // Deal the workers out one by one, part after part, like cards: each thread gets floor or ceil
  // of the total, and each part is spread as evenly as the total allows.
  const shares = Array.from({ length: threads }, () => partWorkers.map(() => 0));
  let dealt = 0;
  partWorkers.forEach((workers, part) => {
    for (let i = 0; i < workers; i++) shares[dealt++ % threads]![part]!++;
  });
  const iterationShares = iterations === undefined ? undefined : splitEvenly(iterations, threads);
  return shares.map((workers, thread) => ({
    partWorkers: workers,
    ...(iterationShares ? { iterations: iterationShares[thread]! } : {}),
  }));
}

/**
 * Runs one engine per share in worker threads (each with its share of the workers and iterations
 * and, on the embedded fake, its own fake cloud) and merges their statistics: for more cores than
 * one event loop uses.
 */
export function runInThreads(
  base: EngineConfig,
  shares: readonly ThreadShare[],
  workerUrl: URL,
  progress: RunProgress,
  onConnected: (description: string) => void,
): ThreadedRun {
  const beats = new Map<number, Extract<WorkerMessage, { type: 'heartbeat' }>>();
  const workers: Worker[] = [];
  const snapshotWaiters: ((stats: unknown) => void)[][] = [];
  const finals = new Map<number, unknown>();
  let connected = false;
  const results = shares.map((share, thread) => {
    const config: EngineConfig = {
      ...base,
      thread: thread + 1,
      partWorkers: share.partWorkers,
      concurrency: share.partWorkers.reduce((n, w) => n + w, 0),
      ...(share.iterations !== undefined ? { iterations: share.iterations } : {}),
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
