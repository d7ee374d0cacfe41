import { LatencyHistogram, type StatsJSON } from '@track/core';
import type { HistogramSeries, MetricFamily, Sample } from './prometheus-text';

/** HTTP requests of one service, method and status (`error` when no answer came). */
export interface HttpRequestCount {
  service: string;
  method: string;
  status: string;
  count: number;
}

/** Iterations of one scenario that ended one way. */
export interface IterationCount {
  scenario: string;
  result: 'pass' | 'fail' | 'abandoned';
  count: number;
}

/** What a scrape reads of a run: everything counted so far, no history. */
export interface RunMetricsSnapshot {
  /** Identity of the run, shown by `track_run_info`. */
  run: { runId: string; scenario: string; shard: string };
  /**
   * The run's traced calls so far (`Stats.toJSON()`, merged over worker threads), with each
   * method's calls in flight (`inFlight`) and whitelisted passes (`whitelisted`).
   */
  stats: StatsJSON;
  /** HTTP requests sent to the cloud's services so far. */
  httpRequests: readonly HttpRequestCount[];
  /** Iterations ended so far, per scenario and result. */
  iterations: readonly IterationCount[];
  /** Iterations started and not ended. */
  iterationsInFlight: number;
  /** Resources the run holds right now (created or being created, not yet deleted), per kind. */
  resourcesHeld: Readonly<Record<string, number>>;
}

/**
 * Upper bounds of the call latency histogram, in seconds: from a millisecond (an API answer on
 * loopback) to five minutes (a waiter polling a slow volume build).
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

const BOUNDS_MS = LATENCY_BUCKETS_SECONDS.map((s) => s * 1000);

/**
 * The metric families of a run, named after Prometheus's naming guide (`track_` prefix, base units,
 * `_total` counters). Counters only grow during a run: they are the run's running totals.
 */
export function runMetricFamilies(snapshot: RunMetricsSnapshot): MetricFamily[] {
  const methods = snapshot.stats.methods;
  // The results partition the calls: pass + whitelisted + fail = every call that ended.
  const calls: Sample[] = methods.flatMap((m) => {
    const whitelisted = m.whitelisted ?? 0;
    return [
      { labels: { client: m.client, method: m.method, result: 'pass' }, value: m.pass - whitelisted },
      { labels: { client: m.client, method: m.method, result: 'whitelisted' }, value: whitelisted },
      { labels: { client: m.client, method: m.method, result: 'fail' }, value: m.fail },
    ];
  });
  const latency: HistogramSeries[] = methods.map((m) => {
    const histogram = LatencyHistogram.fromJSON(m.latency);
    return {
      labels: { client: m.client, method: m.method },
      cumulativeCounts: histogram.countsAtOrBelow(BOUNDS_MS),
      sum: m.latency.sum / 1000,
      count: m.latency.count,
    };
  });
  return [
    {
      name: 'track_run_info',
      help: 'The run this process serves: its id, scenario (or scenario file) and shard (index/count). Always 1.',
      type: 'gauge',
      samples: [
        {
          labels: { run_id: snapshot.run.runId, scenario: snapshot.run.scenario, shard: snapshot.run.shard },
          value: 1,
        },
      ],
    },
    {
      name: 'track_calls_total',
      help: 'Traced client method calls that ended, by client, method and result: pass (returned), whitelisted (failed under a whitelisted method such as isResourceDeleted, where NotFound is expected) or fail.',
      type: 'counter',
      samples: calls,
    },
    {
      name: 'track_call_retries_total',
      help: 'Retried attempts of traced client methods, by client and method.',
      type: 'counter',
      samples: methods.map((m) => ({ labels: { client: m.client, method: m.method }, value: m.retries })),
    },
    {
      name: 'track_call_duration_seconds',
      help: 'Latency of timed traced calls, by client and method: the first 256 calls of a method, then one in 8 asynchronous (one in 64 synchronous) calls, so _count counts timed calls; track_calls_total counts them all.',
      type: 'histogram',
      bounds: LATENCY_BUCKETS_SECONDS,
      series: latency,
    },
    {
      name: 'track_calls_in_flight',
      help: 'Traced client method calls started and not yet settled (a promise pending), by client and method.',
      type: 'gauge',
      samples: methods.map((m) => ({
        labels: { client: m.client, method: m.method },
        value: m.inFlight ?? 0,
      })),
    },
    {
      name: 'track_http_requests_total',
      help: 'HTTP requests sent to the cloud, by service, HTTP method and status (error: no answer).',
      type: 'counter',
      samples: snapshot.httpRequests.map((r) => ({
        labels: { service: r.service, method: r.method, status: r.status },
        value: r.count,
      })),
    },
    {
      name: 'track_iterations_total',
      help: 'Scenario iterations that ended, by scenario and result (pass, fail, abandoned at the drain timeout).',
      type: 'counter',
      samples: snapshot.iterations.map((i) => ({
        labels: { scenario: i.scenario, result: i.result },
        value: i.count,
      })),
    },
    {
      name: 'track_iterations_in_flight',
      help: 'Scenario iterations started and not yet ended.',
      type: 'gauge',
      samples: [{ labels: {}, value: snapshot.iterationsInFlight }],
    },
    {
      name: 'track_resources_held',
      help: 'Cloud resources the run holds now (being created, existing, or being deleted), by kind.',
      type: 'gauge',
      samples: Object.entries(snapshot.resourcesHeld).map(([kind, value]) => ({ labels: { kind }, value })),
    },
  ];
}
