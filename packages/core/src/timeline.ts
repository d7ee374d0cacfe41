/** Narrowest and widest timeline buckets a `Stats` accepts: 1 ms and 366 days. */
export const MIN_BUCKET_MS = 1;
export const MAX_BUCKET_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * What is wrong with `bucketMs` as the width of a `Stats` timeline (option or document), or
 * `undefined` when it is a number from {@link MIN_BUCKET_MS} to {@link MAX_BUCKET_MS}.
 */
export function bucketWidthProblem(bucketMs: unknown): string | undefined {
  if (typeof bucketMs !== 'number' || !(bucketMs >= MIN_BUCKET_MS && bucketMs <= MAX_BUCKET_MS))
    return `must be a number of milliseconds from ${MIN_BUCKET_MS} to ${MAX_BUCKET_MS} (366 days), got ${typeof bucketMs === 'number' ? bucketMs : typeof bucketMs}`;
  return undefined;
}

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
    if (passed) this.add(at, 1, 0);
    else this.add(at, 0, 1);
  }

  /** Counts `pass` passed and `fail` failed calls into the bucket holding `at` (epoch ms). */
  add(at: number, pass: number, fail: number): void {
    if (pass === 0 && fail === 0) return;
    let bucket = this.#buckets.get(at - (at % this.#bucketMs));
    if (bucket === undefined) {
      const start = at - (at % this.#bucketMs);
      bucket = { at: start, pass: 0, fail: 0 };
      this.#buckets.set(start, bucket);
      if (this.#buckets.size > this.#maxBuckets) {
        this.#coarsen();
        bucket = this.#buckets.get(at - (at % this.#bucketMs))!;
      }
    }
    bucket.pass += pass;
    bucket.fail += fail;
  }

  /**
   * Adds another timeline's buckets. The result does not depend on which side is merged into which:
   * its width is the smallest common multiple of both widths, doubled until the buckets fit in
   * `maxBuckets`, and every bucket of both sides is re-binned by its start into that width. A timeline
   * without calls takes the other's width (it holds nothing to re-bin), so it changes nothing.
   *
   * Guaranteed: merging is commutative, given the same `maxBuckets` on both sides (the document does
   * not carry it; `Stats` uses the default 3600 for timelines it reads); and associative (any grouping
   * of several timelines gives the same result) when every width is a power-of-two multiple of one
   * base, as for timelines that all started at the same `bucketMs`, whatever their coarsening.
   * Not guaranteed: associativity for other widths (1000 and 3000 ms) once a partial merge had to
   * coarsen, since its doubled width may not divide the width another grouping reaches. Widths that
   * are not whole milliseconds, unless one divides the other, merge into the larger width: a bucket
   * then lands in the one holding its start, within one width of its true place.
   */
  merge(other: TimelineJSON): void {
    const incoming = other.buckets.filter((b) => b.pass + b.fail > 0);
    const isEmpty = this.#buckets.size === 0;
    if (incoming.length === 0 && !isEmpty) return;
    this.#rebin(
      isEmpty && incoming.length > 0 ? other.bucketMs : commonWidth(this.#bucketMs, other.bucketMs),
    );
    for (const b of incoming) {
      const start = b.at - (b.at % this.#bucketMs);
      const bucket = this.#buckets.get(start) ?? { at: start, pass: 0, fail: 0 };
      bucket.pass += b.pass;
      bucket.fail += b.fail;
      this.#buckets.set(start, bucket);
    }
    this.#coarsen();
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
    this.#rebin(this.#bucketMs * 2);
  }

  /** Moves every bucket into the one of width `bucketMs` holding its start. */
  #rebin(bucketMs: number): void {
    if (bucketMs === this.#bucketMs) return;
    this.#bucketMs = bucketMs;
    const merged = new Map<number, TimelineBucket>();
    for (const b of this.#buckets.values()) {
      const start = b.at - (b.at % bucketMs);
      const target = merged.get(start) ?? { at: start, pass: 0, fail: 0 };
      target.pass += b.pass;
      target.fail += b.fail;
      merged.set(start, target);
    }
    this.#buckets = merged;
  }
}

/**
 * The width both timelines re-bin into exactly: the least common multiple of whole-millisecond widths
 * (or the larger width when it is a multiple of the other), else the larger width. Symmetric, so a
 * merge's width does not depend on its order.
 */
function commonWidth(a: number, b: number): number {
  const larger = Math.max(a, b);
  const smaller = Math.min(a, b);
  if (larger % smaller === 0) return larger;
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return larger;
  const multiple = (larger / greatestCommonDivisor(larger, smaller)) * smaller;
  return Number.isSafeInteger(multiple) ? multiple : larger;
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
