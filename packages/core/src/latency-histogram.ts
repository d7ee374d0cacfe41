/**
 * A mergeable latency histogram with log-linear buckets (HDR-style): each power of two is split into
 * 64 linear sub-buckets (values below 128 µs are exact), so a bucket spans at most 1.6% of its value
 * and a reported percentile is within ~0.8% of the true sample, with a
 * fixed small memory (a sparse map of used buckets) whatever the number of samples. Values are in
 * milliseconds; anything below 1 µs lands in the first bucket.
 */

const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Resolution floor: values are recorded in microseconds. */
const UNITS_PER_MS = 1000;
/**
 * The sum is kept as a whole number of nanoseconds: integers add exactly, so merging in any order or
 * grouping gives the same sum, which a float sum of milliseconds does not ((0.1 + 0.2) + 0.3 is
 * 0.6000000000000001, 0.1 + (0.2 + 0.3) is 0.6). One multiply and round per sample.
 */
const NS_PER_MS = 1e6;

/** Summary of a latency distribution, in milliseconds. */
export interface LatencySummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/** Serialized form of a {@link LatencyHistogram}: bucket index -> count, plus exact extremes. */
export interface LatencyHistogramJSON {
  count: number;
  /**
   * Sum of the samples in ms, each rounded to the nanosecond: read back to the same whole number of
   * nanoseconds while below 2^51 ns (about 26 days of summed latency), so merges stay exact.
   */
  sum: number;
  min: number;
  max: number;
  buckets: Record<string, number>;
}

function bucketOf(units: number): number {
  if (units < SUB_BUCKETS) return units;
  const exponent = 31 - Math.clz32(units) - SUB_BUCKET_BITS + 1;
  const sub = units >>> exponent;
  return exponent * SUB_BUCKETS + sub;
}

function lowerBoundOf(bucket: number): number {
  const exponent = Math.floor(bucket / SUB_BUCKETS);
  const sub = bucket % SUB_BUCKETS;
  return exponent === 0 ? sub : sub * 2 ** exponent;
}

function midpointOf(bucket: number): number {
  const exponent = Math.floor(bucket / SUB_BUCKETS);
  const width = exponent === 0 ? 1 : 2 ** exponent;
  return lowerBoundOf(bucket) + (width - 1) / 2;
}

/** Latency distribution of one method. */
export class LatencyHistogram {
  #buckets = new Map<number, number>();
  #count = 0;
  /** Whole nanoseconds; exact (hence order-independent) below 2^53 ns, about 104 days. */
  #sumNs = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = 0;

  /** Number of recorded samples. */
  get count(): number {
    return this.#count;
  }

  /** Records one duration in milliseconds (negative or non-finite values are ignored). */
  record(ms: number): void {
    if (!(ms >= 0) || ms === Number.POSITIVE_INFINITY) return;
    const units = Math.min(Math.round(ms * UNITS_PER_MS), 0x7fffffff);
    const bucket = bucketOf(units);
    this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + 1);
    this.#count++;
    this.#sumNs += Math.round(ms * NS_PER_MS);
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
  }

  /** The value at quantile `q` (0..1), in ms, within the bucket precision; 0 when empty. */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    const ordered = [...this.#buckets.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const bucket of ordered) {
      seen += this.#buckets.get(bucket)!;
      if (seen >= rank) {
        const value = midpointOf(bucket) / UNITS_PER_MS;
        return Math.min(Math.max(value, this.#min), this.#max);
      }
    }
    return this.#max;
  }

  /** Count, extremes, mean and percentiles in ms. */
  summary(): LatencySummary {
    if (this.#count === 0) return { count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 };
    return {
      count: this.#count,
      min: this.#min,
      max: this.#max,
      mean: this.#sumNs / NS_PER_MS / this.#count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
    };
  }

  /**
   * Samples at or below each of `boundsMs` (ascending, in ms): the cumulative counts of a
   * Prometheus-style histogram. A sample counts under a bound when its bucket starts at or below it,
   * so a sample exactly at a bound is under it and one up to a bucket's width (~1.6%) above may be.
   * Throws a `RangeError` when the bounds are not ascending.
   */
  countsAtOrBelow(boundsMs: readonly number[]): number[] {
    for (let i = 1; i < boundsMs.length; i++) {
      if (!(boundsMs[i]! > boundsMs[i - 1]!))
        throw new RangeError(`countsAtOrBelow expects ascending bounds, got ${boundsMs.join(', ')}`);
    }
    const counts = boundsMs.map(() => 0);
    for (const [bucket, count] of this.#buckets) {
      const value = lowerBoundOf(bucket) / UNITS_PER_MS;
      for (let i = 0; i < boundsMs.length; i++) if (value <= boundsMs[i]!) counts[i]! += count;
    }
    return counts;
  }

  /** Adds every sample of `other` to this histogram. */
  merge(other: LatencyHistogram): this {
    for (const [bucket, count] of other.#buckets)
      this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + count);
    this.#count += other.#count;
    this.#sumNs += other.#sumNs;
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
    return this;
  }

  /** Plain data for JSON. */
  toJSON(): LatencyHistogramJSON {
    const buckets: Record<string, number> = {};
    for (const bucket of [...this.#buckets.keys()].sort((a, b) => a - b))
      buckets[bucket] = this.#buckets.get(bucket)!;
    return {
      count: this.#count,
      sum: this.#sumNs / NS_PER_MS,
      min: this.#count === 0 ? 0 : this.#min,
      max: this.#max,
      buckets,
    };
  }

  /**
   * Rebuilds a histogram from {@link LatencyHistogram.toJSON} output (validated by the caller). A sum
   * written before sums were kept in nanoseconds (a float sum of ms) is rounded to the nanosecond.
   */
  static fromJSON(json: LatencyHistogramJSON): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const [bucket, count] of Object.entries(json.buckets)) histogram.#buckets.set(Number(bucket), count);
    histogram.#count = json.count;
    histogram.#sumNs = Math.round(json.sum * NS_PER_MS);
    histogram.#min = json.count === 0 ? Number.POSITIVE_INFINITY : json.min;
    histogram.#max = json.max;
    return histogram;
  }
}
