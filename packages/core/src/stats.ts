import { type FailureRecord, maxFailureTracesOf } from './failure-traces';
import { LatencyHistogram, type LatencySummary } from './latency-histogram';
import { formatMethodLine } from './method-line';
import { MethodRecord, placeOnTimeline } from './method-record';
import { type MethodStatsJSON, parseStatsJson, STATS_JSON_VERSION, type StatsJSON } from './stats-json';
import { bucketWidthProblem, Timeline, type TimelineJSON } from './timeline';

/** The statistics of one traced `[client:method]`. Plain data, safe to serialize. */
export interface MethodStats {
  client: string;
  method: string;
  /** Calls that returned or resolved, and failures under a whitelisted method (see `whitelisted`). */
  pass: number;
  fail: number;
  /**
   * The passes among `pass` that were failures under a whitelisted method (a NotFound inside
   * `isResourceDeleted`): at most `pass`; `pass - whitelisted` returned or resolved.
   */
  whitelisted: number;
  /** Retried attempts reported by the client layer (`stats.recordRetry`); 0 when retries are off. */
  retries: number;
  /**
   * Calls started and not settled: they returned a promise that has not resolved or rejected yet.
   * Read at the end of a run, the calls still running then (a promise that never settles).
   */
  inFlight: number;
  /** Distinct failures (deduplicated by stack), most frequent first; at most the method's cap. */
  failures: FailureRecord[];
  /** Failures counted in `fail` that are not among `failures` (trace not kept, or beyond the cap). */
  droppedFailures: number;
  /** Latency of passes and failures, in milliseconds. */
  latency: LatencySummary;
}

/** Anything with an `info(message)` method: `console`, pino, winston, ... */
export interface InfoLogger {
  info(message: string): void;
}

/** Options of {@link Stats}. */
export interface StatsOptions {
  /**
   * Distinct failure traces kept per method (default 20, `DEFAULT_MAX_FAILURE_TRACES`), for the methods nobody asks otherwise of:
   * a `Trace` given its own `maxFailureTraces` uses that for the methods it records, a merged
   * document brings the cap it was written with, and a method asked for two caps keeps the larger.
   */
  maxFailureTraces?: number;
  /** Record calls over time (default off): `true` for 1 s buckets, or the bucket width and cap. */
  timeline?: boolean | { bucketMs?: number; maxBuckets?: number };
}

/** @internal Used by `Trace` to reach the live record of a method; not part of the public API. */
export const recordFor = Symbol('track.recordFor');
/** @internal */
export const timelineOf = Symbol('track.timelineOf');

/**
 * Brands every `Stats`, through a global symbol, so that {@link Stats.isStats} knows one made by any
 * copy of this module (two installed versions of @track/core), where `instanceof` sees only its own.
 */
const STATS_BRAND = Symbol.for('@track/core.Stats');

/**
 * The statistics sink: one record per `[client:method]`, filled by `Trace` and readable at any time.
 * Mergeable across runs, workers and hosts through {@link Stats.toJSON} and {@link Stats.merge}.
 */
export class Stats {
  static {
    // On the prototype, not on each instance: invisible to inspection and to deep equality.
    Object.defineProperty(Stats.prototype, STATS_BRAND, { value: true });
  }

  readonly #records = new Map<string, MethodRecord>();
  readonly #maxFailureTraces: number;
  #timeline: Timeline | undefined;
  /** Whether calls traced into this Stats are counted on the timeline (the `timeline` option). */
  readonly #isTimelineRecorded: boolean;

  constructor(options: StatsOptions = {}) {
    this.#maxFailureTraces = maxFailureTracesOf(options.maxFailureTraces, 'Stats');
    const timeline = options.timeline;
    this.#isTimelineRecorded = Boolean(timeline);
    if (typeof timeline === 'object' && timeline.bucketMs !== undefined) {
      const problem = bucketWidthProblem(timeline.bucketMs);
      if (problem !== undefined) throw new RangeError(`Stats timeline.bucketMs ${problem}`);
    }
    if (timeline) {
      this.#timeline =
        timeline === true ? new Timeline() : new Timeline(timeline.bucketMs, timeline.maxBuckets);
    }
  }

  /** The statistics of `client:method`, or `undefined` when it was never called. */
  get(client: string, method: string): MethodStats | undefined {
    const record = this.#records.get(keyOf(client, method));
    return record && wasCalled(record) ? snapshot(record) : undefined;
  }

  /** Every traced method's statistics, sorted by client, then method. */
  methods(): MethodStats[] {
    return this.#sorted().map(snapshot);
  }

  /**
   * Calls over time, when the timeline is on or a merged document had one. With the `timeline`
   * option, its pass and fail sums equal the methods' totals: every call is counted, though a call
   * whose latency was not timed lands in the bucket of its method's next clock read (a timed call or
   * a failure, at most a sampling period later), or, when none came yet, of the last one.
   */
  timeline(): TimelineJSON | undefined {
    this.#placePending();
    return this.#timeline?.toJSON();
  }

  /** Counts one retried attempt of `client:method` (for client layers that retry). */
  recordRetry(client: string, method: string): void {
    this.#recordOf(client, method, this.#maxFailureTraces).retries++;
  }

  /**
   * Logs one line per method ({@link formatMethodLine}: `[VolumesClient:getVolume] 6225 pass, 0 fail`,
   * retries when there were any, control characters escaped) through `logger.info` (default
   * `console`), and returns the statistics for custom reporting.
   */
  log(logger: InfoLogger = console): MethodStats[] {
    const methods = this.methods();
    for (const m of methods) logger.info(formatMethodLine(m));
    return methods;
  }

  /**
   * The statistics document (`version` 1): plain JSON, no error objects. Each method carries its cap
   * (`maxFailureTraces`) and every distinct failure kept, which after merges may be more than the
   * cap: documents then merge without loss and in any order, and {@link Stats.get} still shows the cap.
   */
  toJSON(): StatsJSON {
    this.#placePending();
    const doc: StatsJSON = {
      version: STATS_JSON_VERSION,
      methods: this.#sorted().map(
        (r): MethodStatsJSON => ({
          client: r.client,
          method: r.method,
          pass: r.pass,
          fail: r.fail,
          retries: r.retries,
          ...(r.whitelisted > 0 ? { whitelisted: r.whitelisted } : {}),
          ...(r.inFlight > 0 ? { inFlight: r.inFlight } : {}),
          droppedFailures: r.failures.dropped,
          maxFailureTraces: r.failures.limit,
          failures: r.failures.records(),
          latency: r.latency.toJSON(),
        }),
      ),
    };
    const timeline = this.#timeline?.toJSON();
    if (timeline) doc.timeline = timeline;
    return doc;
  }

  /**
   * Adds another run's statistics (a `Stats` or its JSON document or text) to this one: counts, failure
   * traces and latency histograms add up. Associative and commutative: runs merged in any order and
   * grouping give the same statistics. Failure traces are kept whole (the union of both sides); a
   * method's cap becomes the larger of the two, and applies when traces are shown. Latency sums are
   * kept in whole nanoseconds, so they add up exactly. A document's timeline is merged in, or adopted
   * when this Stats has none (its own calls then stay off it: only the `timeline` option records
   * them). Timelines of different bucket widths merge into their smallest common multiple, doubled
   * until it fits the bucket cap, the same in any order; in any grouping too when every width is a
   * power-of-two multiple of one base (as when all runs used the same `bucketMs`), or no merge had to
   * double. Throws `InvalidStatsJson` naming a bad field.
   */
  merge(other: Stats | StatsJSON | string): this {
    // Only this copy's Stats is trusted as is; another copy's (maybe another version's) is validated.
    const doc =
      other instanceof Stats ? other.toJSON() : parseStatsJson(Stats.isStats(other) ? other.toJSON() : other);
    for (const m of doc.methods) {
      // A document written before caps were recorded held at most its cap: keep all it holds.
      const cap = m.maxFailureTraces ?? Math.max(m.failures.length, this.#maxFailureTraces);
      const record = this[recordFor](m.client, m.method, cap);
      record.pass += m.pass;
      record.fail += m.fail;
      // Merged calls are on the document's timeline, if anywhere: never placed on this one again.
      record.timelinePass += m.pass;
      record.timelineFail += m.fail;
      record.retries += m.retries;
      record.whitelisted += m.whitelisted ?? 0;
      record.inFlight += m.inFlight ?? 0;
      record.failures.merge(m.failures, m.droppedFailures);
      record.latency.merge(LatencyHistogram.fromJSON(m.latency));
    }
    if (doc.timeline) {
      this.#timeline ??= new Timeline(doc.timeline.bucketMs);
      this.#timeline.merge(doc.timeline);
    }
    return this;
  }

  /**
   * Whether `value` is a `Stats` made by any copy of @track/core (this one, or another installed
   * version), where `instanceof Stats` knows only this copy's. Its `toJSON()` is then a document
   * {@link Stats.merge} and {@link Stats.fromJSON} accept.
   */
  static isStats(value: unknown): value is Stats {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[STATS_BRAND] === true
    );
  }

  /**
   * Rebuilds statistics from a document written by {@link Stats.toJSON} (object or JSON text). Each
   * method keeps the cap the document carries, so no failure trace of the document is lost;
   * `options.maxFailureTraces` applies to methods recorded later and to older documents without caps.
   * Throws `InvalidStatsJson` naming the first bad field.
   */
  static fromJSON(json: StatsJSON | string, options: StatsOptions = {}): Stats {
    const doc = parseStatsJson(json);
    const stats = new Stats({
      ...options,
      ...(doc.timeline && options.timeline === undefined
        ? { timeline: { bucketMs: doc.timeline.bucketMs } }
        : {}),
    });
    return stats.merge(doc);
  }

  /**
   * @internal The live record of `client:method`, created on first use, keeping at least
   * `maxFailureTraces` distinct failures (default: this Stats' cap). Asked twice, the larger wins.
   */
  [recordFor](client: string, method: string, maxFailureTraces = this.#maxFailureTraces): MethodRecord {
    const record = this.#recordOf(client, method, maxFailureTraces);
    record.failures.raiseLimit(maxFailureTraces);
    return record;
  }

  /** @internal The timeline `Trace` records calls on: none unless the `timeline` option is on. */
  get [timelineOf](): Timeline | undefined {
    return this.#isTimelineRecorded ? this.#timeline : undefined;
  }

  /** The record of `client:method`, created with `maxFailureTraces` when new. */
  #recordOf(client: string, method: string, maxFailureTraces: number): MethodRecord {
    const key = keyOf(client, method);
    let record = this.#records.get(key);
    if (record === undefined) {
      record = new MethodRecord(client, method, maxFailureTraces);
      this.#records.set(key, record);
    }
    return record;
  }

  /** Places every method's calls not yet on the recorded timeline (see {@link Stats.timeline}). */
  #placePending(): void {
    const timeline = this[timelineOf];
    if (timeline === undefined) return;
    for (const record of this.#records.values()) {
      if (record.pass === record.timelinePass && record.fail === record.timelineFail) continue;
      placeOnTimeline(record, timeline, record.timelineAt === 0 ? Date.now() : record.timelineAt);
    }
  }

  #sorted(): MethodRecord[] {
    // Records exist from decoration on; a method never called is not part of the statistics.
    return [...this.#records.values()]
      .filter(wasCalled)
      .sort((a, b) => (a.client === b.client ? compare(a.method, b.method) : compare(a.client, b.client)));
  }
}

function wasCalled(r: MethodRecord): boolean {
  return r.pass + r.fail + r.retries + r.inFlight > 0;
}

function keyOf(client: string, method: string): string {
  return `${client}:${method}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function snapshot(r: MethodRecord): MethodStats {
  const shown = r.failures.shown();
  return {
    client: r.client,
    method: r.method,
    pass: r.pass,
    fail: r.fail,
    whitelisted: r.whitelisted,
    retries: r.retries,
    inFlight: r.inFlight,
    failures: shown.failures,
    droppedFailures: shown.dropped,
    latency: r.latency.summary(),
  };
}
