import {
  type FailureRecord,
  LatencyHistogram,
  type MethodStatsJSON,
  replaceIds,
  type StatsJSON,
} from '@track/core';
import { failRate } from '@track/reporters';
import type { CompareLimits } from './compare-limits';

/** One side of a method's comparison: its calls, fail rate and latency percentiles. */
export interface MethodSide {
  calls: number;
  fail: number;
  /** Failed calls in percent of all calls. */
  failRate: number;
  /** Latency percentiles in ms (0 when no call was timed). */
  p50: number;
  p95: number;
  p99: number;
}

/**
 * A failure of the current run that the baseline did not have: the current run's traces of one
 * failure (same name, message with ids as `{id}`, and origin) taken together.
 */
export interface NewFailure {
  name?: string;
  /** The message with ids replaced by `{id}`. */
  message?: string;
  /** Failed calls, over every trace of this failure. */
  count: number;
  /** The stack of its most frequent trace, as an example. */
  stack: string;
}

/** How one `client.method` changed from the baseline to the current run. */
export interface MethodComparison {
  client: string;
  method: string;
  /** Absent when the baseline never called the method. */
  baseline?: MethodSide;
  /** Absent when the current run never called the method. */
  current?: MethodSide;
  /** Fail rate change in percentage points (current - baseline), when both called it. */
  failRateChangePp?: number;
  /** Relative change of each percentile in percent of the baseline's, when both timed calls. */
  latencyChangePercent?: { p50: number; p95: number; p99: number };
  /** Failure traces of the current run that the baseline did not have, most frequent first. */
  newFailures: NewFailure[];
  /** What crossed a limit, in words (`fail rate +0.80pp > 0.5pp`); empty when nothing did. */
  breaches: string[];
}

/** The whole comparison: per method, worst first, and whether any limit was crossed. */
export interface Comparison {
  limits: CompareLimits;
  methods: MethodComparison[];
  /** True when a method crossed a limit: `compare` then exits 1. */
  isWorse: boolean;
}

function sideOf(m: MethodStatsJSON): MethodSide {
  const calls = m.pass + m.fail;
  const latency = LatencyHistogram.fromJSON(m.latency).summary();
  return {
    calls,
    fail: m.fail,
    failRate: failRate(m.fail, calls),
    p50: latency.p50,
    p95: latency.p95,
    p99: latency.p99,
  };
}

/**
 * A failure trace's identity across runs: the error's name, its message with ids replaced, and where
 * it was raised (the first frame's function and file name, without line, column or directory). The
 * frames below differ from call to call (how deep in the async chain a call began), and ids, paths
 * and line numbers from run to run, without being another failure.
 */
function traceKey(failure: FailureRecord): string {
  const origin = /\n\s+at (?:(.+?) \()?(?:.*[/\\])?([^/\\]+?)(?::\d+)*\)?(?:\n|$)/.exec(failure.stack);
  const message = failure.message ?? failure.stack.split('\n')[0] ?? '';
  return `${failure.name ?? ''}\u0000${replaceIds(message)}\u0000${origin ? `${origin[1] ?? ''} ${origin[2]}` : ''}`;
}

/** The current run's failures whose key the baseline lacks, one per key, most frequent first. */
function newFailuresOf(failures: readonly FailureRecord[], known: ReadonlySet<string>): NewFailure[] {
  const byKey = new Map<string, NewFailure & { exampleCount: number }>();
  for (const failure of failures) {
    const key = traceKey(failure);
    if (known.has(key)) continue;
    const seen = byKey.get(key);
    if (seen) {
      seen.count += failure.count;
      if (failure.count > seen.exampleCount) {
        seen.stack = failure.stack;
        seen.exampleCount = failure.count;
      }
      continue;
    }
    byKey.set(key, {
      ...(failure.name !== undefined ? { name: failure.name } : {}),
      ...(failure.message !== undefined ? { message: replaceIds(failure.message) } : {}),
      count: failure.count,
      stack: failure.stack,
      exampleCount: failure.count,
    });
  }
  return [...byKey.values()]
    .sort((x, y) => y.count - x.count)
    .map(({ exampleCount: _, ...failure }) => failure);
}

function relativeChange(baseline: number, current: number): number | undefined {
  return baseline > 0 ? (100 * (current - baseline)) / baseline : undefined;
}

/** The key of a method in both documents. */
function methodKey(m: { client: string; method: string }): string {
  return `${m.client}\u0000${m.method}`;
}

/**
 * Compares two statistics documents method by method: fail rate (in percentage points), latency
 * percentiles (relative to the baseline), and failure traces the baseline did not have. A method
 * crosses a limit when its fail rate rose by more than `maxFailRateIncreasePp`, its p95 by more than
 * `maxP95IncreasePercent`, or (with `failOnNewFailures`) it failed in a way the baseline never did.
 * Methods with a breach come first, then by the largest fail rate rise.
 */
export function compareStats(baseline: StatsJSON, current: StatsJSON, limits: CompareLimits): Comparison {
  const before = new Map(baseline.methods.map((m) => [methodKey(m), m]));
  const after = new Map(current.methods.map((m) => [methodKey(m), m]));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  const methods = keys.map((key): MethodComparison => {
    const b = before.get(key);
    const c = after.get(key);
    const { client, method } = (c ?? b)!;
    const out: MethodComparison = { client, method, newFailures: [], breaches: [] };
    if (b) out.baseline = sideOf(b);
    if (c) out.current = sideOf(c);
    const known = new Set((b?.failures ?? []).map(traceKey));
    out.newFailures = newFailuresOf(c?.failures ?? [], known);
    if (out.baseline && out.current) {
      out.failRateChangePp = out.current.failRate - out.baseline.failRate;
      const p50 = relativeChange(out.baseline.p50, out.current.p50);
      const p95 = relativeChange(out.baseline.p95, out.current.p95);
      const p99 = relativeChange(out.baseline.p99, out.current.p99);
      if (p50 !== undefined && p95 !== undefined && p99 !== undefined)
        out.latencyChangePercent = { p50, p95, p99 };
    }
    // A method the baseline never called has no fail rate to rise from: its failures show as new traces.
    const rise = out.failRateChangePp;
    if (
      limits.maxFailRateIncreasePp !== undefined &&
      rise !== undefined &&
      rise > limits.maxFailRateIncreasePp
    )
      out.breaches.push(`fail rate +${rise.toFixed(2)}pp > ${limits.maxFailRateIncreasePp}pp`);
    const p95Rise = out.latencyChangePercent?.p95;
    if (
      limits.maxP95IncreasePercent !== undefined &&
      p95Rise !== undefined &&
      p95Rise > limits.maxP95IncreasePercent
    )
      out.breaches.push(`p95 +${p95Rise.toFixed(1)}% > ${limits.maxP95IncreasePercent}%`);
    if (limits.failOnNewFailures && out.newFailures.length > 0) {
      const n = out.newFailures.length;
      out.breaches.push(`${n} new failure trace${n === 1 ? '' : 's'}`);
    }
    return out;
  });
  methods.sort(
    (x, y) =>
      Number(y.breaches.length > 0) - Number(x.breaches.length > 0) ||
      (y.failRateChangePp ?? 0) - (x.failRateChangePp ?? 0) ||
      (x.client < y.client
        ? -1
        : x.client > y.client
          ? 1
          : x.method < y.method
            ? -1
            : x.method > y.method
              ? 1
              : 0),
  );
  return { limits, methods, isWorse: methods.some((m) => m.breaches.length > 0) };
}
