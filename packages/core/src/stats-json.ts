import { InvalidStatsJson } from './errors';
import type { FailureRecord } from './failure-traces';
import type { LatencyHistogramJSON } from './latency-histogram';
import { bucketWidthProblem, type TimelineJSON } from './timeline';

/** Version of the statistics document written by `Stats.toJSON`. */
export const STATS_JSON_VERSION = 1;

/** One method in a statistics document. */
export interface MethodStatsJSON {
  client: string;
  method: string;
  pass: number;
  fail: number;
  retries: number;
  /**
   * The passes among `pass` that were failures under a whitelisted method, at most `pass`. Absent
   * when 0 (and in documents written before it was counted: read as 0).
   */
  whitelisted?: number;
  /**
   * Calls that had returned a promise not settled yet when the document was written (still running
   * at the end of the run). Absent when 0.
   */
  inFlight?: number;
  /**
   * Failures counted in `fail` whose distinct trace is not in `failures` (recorded past the cap).
   * `Stats.get` adds to it the failures it does not show.
   */
  droppedFailures: number;
  /**
   * Distinct failure traces shown for this method. Optional: documents written before it was
   * recorded lack it, and are read as capped at the reader's limit or their own number of
   * failures, whichever is larger.
   */
  maxFailureTraces?: number;
  /**
   * Every distinct failure kept, most frequent first. After merges (of runs, workers, hosts) this
   * may hold more than `maxFailureTraces`: the document keeps the union so that merging documents
   * loses nothing and does not depend on the order; `Stats.get` shows the `maxFailureTraces` first.
   */
  failures: FailureRecord[];
  latency: LatencyHistogramJSON;
}

/** The statistics document: plain JSON, mergeable across runs and hosts. */
export interface StatsJSON {
  version: typeof STATS_JSON_VERSION;
  methods: MethodStatsJSON[];
  timeline?: TimelineJSON;
}

type Json = Record<string, unknown>;

function fail(field: string, problem: string): never {
  throw new InvalidStatsJson(field, problem);
}

function object(value: unknown, field: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(field, `must be an object, got ${kind(value)}`);
  return value as Json;
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) fail(field, `must be an array, got ${kind(value)}`);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    fail(field, `must be a non-negative safe integer, got ${kind(value)}`);
  return value;
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(field, `must be a non-negative number, got ${kind(value)}`);
  return value;
}

function text(value: unknown, field: string, optional = false): string | undefined {
  if (optional && value === undefined) return undefined;
  if (typeof value !== 'string' || (!optional && value.length === 0))
    fail(field, `must be a${optional ? '' : ' non-empty'} string, got ${kind(value)}`);
  return value;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  if (typeof value === 'number') return `number ${value}`;
  return typeof value;
}

/**
 * Checks that `input` is a statistics document (a `StatsJSON` object, or its JSON text) and returns
 * it typed. Throws {@link InvalidStatsJson} naming the first bad field, e.g. `methods[3].pass`.
 */
export function parseStatsJson(input: unknown): StatsJSON {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      fail('(document)', `is not valid JSON (${(error as Error).message})`);
    }
  }
  const doc = object(value, '(document)');
  if (doc.version !== STATS_JSON_VERSION)
    fail('version', `must be ${STATS_JSON_VERSION}, got ${kind(doc.version)}`);
  const methods = array(doc.methods, 'methods').map((entry, i) => {
    const at = `methods[${i}]`;
    const m = object(entry, at);
    const latency = object(m.latency, `${at}.latency`);
    const buckets = object(latency.buckets, `${at}.latency.buckets`);
    let bucketTotal = 0;
    for (const [key, n] of Object.entries(buckets)) {
      if (!/^\d+$/.test(key))
        fail(`${at}.latency.buckets`, `has a non-numeric bucket key ${JSON.stringify(key)}`);
      bucketTotal += count(n, `${at}.latency.buckets.${key}`);
    }
    const latencyCount = count(latency.count, `${at}.latency.count`);
    if (bucketTotal !== latencyCount)
      fail(`${at}.latency.count`, `is ${latencyCount} but the buckets hold ${bucketTotal} samples`);
    const failures = array(m.failures, `${at}.failures`).map((f, j) => {
      const fat = `${at}.failures[${j}]`;
      const r = object(f, fat);
      const record: FailureRecord = {
        stack: text(r.stack, `${fat}.stack`)!,
        count: count(r.count, `${fat}.count`),
        firstAt: finite(r.firstAt, `${fat}.firstAt`),
        lastAt: finite(r.lastAt, `${fat}.lastAt`),
      };
      if (record.firstAt > record.lastAt)
        fail(`${fat}.firstAt`, `is ${record.firstAt}, after lastAt ${record.lastAt}`);
      const name = text(r.name, `${fat}.name`, true);
      const message = text(r.message, `${fat}.message`, true);
      const normalizedMessage = text(r.normalizedMessage, `${fat}.normalizedMessage`, true);
      if (name !== undefined) record.name = name;
      if (message !== undefined) record.message = message;
      if (normalizedMessage !== undefined) record.normalizedMessage = normalizedMessage;
      if (r.status !== undefined) record.status = count(r.status, `${fat}.status`);
      return record;
    });
    const fails = count(m.fail, `${at}.fail`);
    const droppedFailures =
      m.droppedFailures === undefined ? 0 : count(m.droppedFailures, `${at}.droppedFailures`);
    const traced = failures.reduce((n, f) => n + f.count, 0);
    if (traced + droppedFailures > fails)
      fail(
        `${at}.failures`,
        `count ${traced} failures and droppedFailures ${droppedFailures} more, above fail ${fails}`,
      );
    const passes = count(m.pass, `${at}.pass`);
    const whitelisted = m.whitelisted === undefined ? undefined : count(m.whitelisted, `${at}.whitelisted`);
    if ((whitelisted ?? 0) > passes) fail(`${at}.whitelisted`, `is ${whitelisted}, above pass ${passes}`);
    const min = finite(latency.min, `${at}.latency.min`);
    const max = finite(latency.max, `${at}.latency.max`);
    if (latencyCount > 0 && min > max) fail(`${at}.latency.min`, `is ${min}, above max ${max}`);
    return {
      client: text(m.client, `${at}.client`)!,
      method: text(m.method, `${at}.method`)!,
      pass: passes,
      fail: fails,
      retries: m.retries === undefined ? 0 : count(m.retries, `${at}.retries`),
      ...(whitelisted === undefined ? {} : { whitelisted }),
      ...(m.inFlight === undefined ? {} : { inFlight: count(m.inFlight, `${at}.inFlight`) }),
      droppedFailures,
      ...(m.maxFailureTraces === undefined
        ? {}
        : { maxFailureTraces: count(m.maxFailureTraces, `${at}.maxFailureTraces`) }),
      failures,
      latency: {
        count: latencyCount,
        sum: finite(latency.sum, `${at}.latency.sum`),
        min,
        max,
        buckets: buckets as Record<string, number>,
      },
    } satisfies MethodStatsJSON;
  });
  const out: StatsJSON = { version: STATS_JSON_VERSION, methods };
  if (doc.timeline !== undefined) {
    const t = object(doc.timeline, 'timeline');
    const problem = bucketWidthProblem(t.bucketMs);
    if (problem !== undefined) fail('timeline.bucketMs', problem);
    const bucketMs = t.bucketMs as number;
    out.timeline = {
      bucketMs,
      buckets: array(t.buckets, 'timeline.buckets').map((b, i) => {
        const bucket = object(b, `timeline.buckets[${i}]`);
        return {
          at: finite(bucket.at, `timeline.buckets[${i}].at`),
          pass: count(bucket.pass, `timeline.buckets[${i}].pass`),
          fail: count(bucket.fail, `timeline.buckets[${i}].fail`),
        };
      }),
    };
  }
  return out;
}
