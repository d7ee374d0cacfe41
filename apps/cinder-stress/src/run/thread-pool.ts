import { Worker } from 'node:worker_threads';
import { CliError } from '../cli-error';
import { type EngineConfig, newProgress, runStats } from './run-engine';
import type { RunHandle } from './run-handle';
import { addTotals, NO_TOTALS } from './run-totals';
import type { ControlMessage, WorkerMessage } from './worker-thread';

/** One worker thread's share of a run. */
export interface ThreadShare {
  /** Concurrent iterations of each part (index-aligned with the run's parts; 0 leaves a part out). */
  partConcurrency: number[];
  /** Iterations of this thread, when the run is bounded by --iterations. */
  iterations?: number;
}

/** Splits `total` into `count` whole shares that differ by at most one and sum to `total`. */
function splitEvenly(total: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0));
}

/**
 * Splits a run's concurrent iterations (per part) and its iterations over `threads` worker threads
 * so the shares add up to exactly what was asked for, and no thread gets 0 concurrent iterations or
 * 0 iterations. Throws a usage error (exit 2) naming --workers when there is not enough to share.
 */
export function splitAcrossThreads(
  partConcurrency: readonly number[],
  threads: number,
  iterations?: number,
): ThreadShare[] {
  const total = partConcurrency.reduce((n, c) => n + c, 0);
  if (threads > total)
    throw new CliError(
      `--workers ${threads} (worker threads) is more than the ${total} concurrent iterations to share: raise --concurrency or lower --workers`,
    );
  if (iterations !== undefined && threads > iterations)
    throw new CliError(
      `--workers ${threads} (worker threads) is more than the ${iterations} iterations to share: raise --iterations or lower --workers`,
    );
  // Deal the concurrent iterations out one by one, part after part, like cards: each thread gets
  // floor or ceil of the total, and each part is spread as evenly as the total allows.
  const shares = Array.from({ length: threads }, () => partConcurrency.map(() => 0));
  let dealt = 0;
  partConcurrency.forEach((concurrency, part) => {
    for (let i = 0; i < concurrency; i++) shares[dealt++ % threads]![part]!++;
  });
  const iterationShares = iterations === undefined ? undefined : splitEvenly(iterations, threads);
  return shares.map((share, thread) => ({
    partConcurrency: share,
    ...(iterationShares ? { iterations: iterationShares[thread]! } : {}),
  }));
}

/**
 * Runs one engine per share in worker threads (each with its share of the concurrent iterations and
 * iterations and, on the embedded fake, its own fake cloud) and merges their statistics: for more
 * cores than one event loop uses.
 */
export function runInThreads(
  base: EngineConfig,
  shares: readonly ThreadShare[],
  workerUrl: URL,
  onConnected: (description: string, fake: boolean) => void,
): RunHandle {
  const progress = newProgress();
  const beats = new Map<number, Extract<WorkerMessage, { type: 'heartbeat' }>>();
  const finals = new Map<number, Extract<WorkerMessage, { type: 'done' }>>();
  const workers: Worker[] = [];
  const snapshotWaiters: ((stats: unknown) => void)[][] = [];
  let connected = false;
  const sumProgress = () => {
    const latest = shares.map((_, thread) => finals.get(thread)?.progress ?? beats.get(thread)?.progress);
    for (const key of [
      'iterationsStarted',
      'iterationsPassed',
      'iterationsFailed',
      'iterationsAbandoned',
    ] as const)
      progress[key] = latest.reduce((n, p) => n + (p?.[key] ?? 0), 0);
    progress.stoppedBy ??= latest.find((p) => p?.stoppedBy !== undefined)?.stoppedBy;
  };
  const results = shares.map((share, thread) => {
    const config: EngineConfig = {
      ...base,
      thread: thread + 1,
      partConcurrency: share.partConcurrency,
      concurrency: share.partConcurrency.reduce((n, c) => n + c, 0),
      ...(share.iterations !== undefined ? { iterations: share.iterations } : {}),
    };
    const worker = new Worker(workerUrl, { workerData: config });
    workers.push(worker);
    snapshotWaiters.push([]);
    return new Promise<Extract<WorkerMessage, { type: 'done' }>>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'connected' && !connected) {
          connected = true;
          onConnected(message.description, message.fake);
        } else if (message.type === 'heartbeat') {
          beats.set(thread, message);
          sumProgress();
        } else if (message.type === 'stats') {
          for (const waiter of snapshotWaiters[thread]!.splice(0)) waiter(message.stats);
        } else if (message.type === 'done') {
          finals.set(thread, message);
          sumProgress();
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
  const done = Promise.all(results).then((all) => {
    const stats = runStats();
    for (const result of all) stats.merge(result.stats as never);
    for (const result of all) {
      for (const [message, count] of result.iterationErrors)
        progress.iterationErrors.set(message, (progress.iterationErrors.get(message) ?? 0) + count);
    }
    const journalFailure = all.find((r) => r.journalFailure !== undefined)?.journalFailure;
    return {
      stats,
      left: all.flatMap((r) => r.left),
      cloudName: all[0]!.cloudName,
      requests: addTotals(all.map((r) => r.totals)).requests,
      ...(journalFailure ? { journalFailure } : {}),
    };
  });
  return {
    progress,
    totals: () =>
      addTotals(
        shares.map((_, thread) => {
          return finals.get(thread)?.totals ?? beats.get(thread)?.totals ?? NO_TOTALS;
        }),
      ),
    pending: () =>
      shares.flatMap((_, thread) => finals.get(thread)?.left ?? beats.get(thread)?.pending ?? []),
    snapshot: async () => {
      const documents = await Promise.all(
        workers.map((worker, thread) =>
          finals.has(thread)
            ? Promise.resolve(finals.get(thread)!.stats)
            : new Promise<unknown>((resolve) => {
                snapshotWaiters[thread]!.push(resolve);
                worker.postMessage({ type: 'stats' } satisfies ControlMessage);
              }),
        ),
      );
      const stats = runStats();
      for (const doc of documents) stats.merge(doc as never);
      return stats;
    },
    stop: () => {
      for (const worker of workers) worker.postMessage({ type: 'stop' } satisfies ControlMessage);
    },
    done,
  };
}
