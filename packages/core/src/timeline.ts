/** Calls that ended in one time bucket. */
export interface TimelineBucket {
  /** Start of the bucket, epoch ms. */
  at: number;
  pass: number;
  fail: number;
}

/** Serialized timeline. */
export interface TimelineJSON {
  bucketMs: number;
  buckets: TimelineBucket[];
}

/**
 * Calls over time, in fixed buckets with bounded memory: when more than `maxBuckets` would be
 * needed, the bucket width doubles and neighbours are merged, so an hours-long run keeps a
 * constant-size timeline at a coarser resolution.
 */
export class Timeline {
  #bucketMs: number;
  readonly #maxBuckets: number;
  #buckets = new Map<number, TimelineBucket>();

  constructor(bucketMs = 1000, maxBuckets = 3600) {
    if (!(bucketMs > 0) || !(maxBuckets >= 2))
      throw new RangeError('Timeline needs bucketMs > 0 and maxBuckets >= 2');
    this.#bucketMs = bucketMs;
    this.#maxBuckets = maxBuckets;
  }

  get bucketMs(): number {
    return this.#bucketMs;
  }

  /** Counts one call ending at `at` (epoch ms). */
  record(at: number, passed: boolean): void {
    const start = at - (at % this.#bucketMs);
    let bucket = this.#buckets.get(start);
    if (bucket === undefined) {
      bucket = { at: start, pass: 0, fail: 0 };
      this.#buckets.set(start, bucket);
      if (this.#buckets.size > this.#maxBuckets) this.#coarsen();
      bucket = this.#buckets.get(at - (at % this.#bucketMs))!;
    }
    if (passed) bucket.pass++;
    else bucket.fail++;
  }

  /** Adds another timeline's buckets (re-bucketed to the coarser width of the two). */
  merge(other: TimelineJSON): void {
    while (this.#bucketMs < other.bucketMs) this.#double();
    for (const b of other.buckets) {
      const start = b.at - (b.at % this.#bucketMs);
      const bucket = this.#buckets.get(start) ?? { at: start, pass: 0, fail: 0 };
      bucket.pass += b.pass;
      bucket.fail += b.fail;
      this.#buckets.set(start, bucket);
    }
    while (this.#buckets.size > this.#maxBuckets) this.#double();
  }

  toJSON(): TimelineJSON {
    return {
      bucketMs: this.#bucketMs,
      buckets: [...this.#buckets.values()].sort((a, b) => a.at - b.at).map((b) => ({ ...b })),
    };
  }

  #coarsen(): void {
    while (this.#buckets.size > this.#maxBuckets) this.#double();
  }

  #double(): void {
    this.#bucketMs *= 2;
    const merged = new Map<number, TimelineBucket>();
    for (const b of this.#buckets.values()) {
      const start = b.at - (b.at % this.#bucketMs);
      const target = merged.get(start) ?? { at: start, pass: 0, fail: 0 };
      target.pass += b.pass;
      target.fail += b.fail;
      merged.set(start, target);
    }
    this.#buckets = merged;
  }
}
