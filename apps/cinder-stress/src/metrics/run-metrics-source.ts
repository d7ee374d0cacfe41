import type { Stats } from '@track/core';
import type { HttpRequestCount, IterationCount, RunMetricsSnapshot } from './run-metrics';

/** Kinds of resources a run holds, always exposed (0 when none), so their series never go stale. */
const RESOURCE_KINDS = ['server', 'snapshot', 'volume'] as const;

/** Iteration counts of a run, as its progress keeps them. */
export interface IterationProgress {
  iterationsStarted: number;
  iterationsPassed: number;
  iterationsFailed: number;
  /** Iterations still running at the drain timeout, not waited for. */
  iterationsAbandoned?: number;
}

/** Where a scrape reads a run's figures: all read at scrape time, nothing recorded for it. */
export interface RunMetricsSource {
  run: RunMetricsSnapshot['run'];
  /** The statistics so far (merged over worker threads). */
  stats(): Stats | Promise<Stats>;
  /** Iterations so far. */
  progress(): IterationProgress;
  /** Resources held now (the journal's pending entries). */
  pending(): readonly { kind: string }[];
  /** HTTP requests so far, per service, method and status. */
  httpRequests(): readonly HttpRequestCount[];
}

/** Reads everything a scrape shows of a run, now. */
export async function readRunMetrics(source: RunMetricsSource): Promise<RunMetricsSnapshot> {
  const stats = await source.stats();
  const progress = source.progress();
  const abandoned = progress.iterationsAbandoned ?? 0;
  const scenario = source.run.scenario;
  const iterations: IterationCount[] = [
    { scenario, result: 'pass', count: progress.iterationsPassed },
    { scenario, result: 'fail', count: progress.iterationsFailed },
    { scenario, result: 'abandoned', count: abandoned },
  ];
  const resourcesHeld: Record<string, number> = Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, 0]));
  for (const entry of source.pending()) resourcesHeld[entry.kind] = (resourcesHeld[entry.kind] ?? 0) + 1;
  return {
    run: source.run,
    stats: stats.toJSON(),
    httpRequests: source.httpRequests(),
    iterations,
    iterationsInFlight: Math.max(
      0,
      progress.iterationsStarted - progress.iterationsPassed - progress.iterationsFailed - abandoned,
    ),
    resourcesHeld,
  };
}
