/** Distinct failure traces kept per method unless a `Stats` or `Trace` is given another cap. */
export const DEFAULT_MAX_FAILURE_TRACES = 20;

/**
 * `value` as a cap on distinct failure traces: {@link DEFAULT_MAX_FAILURE_TRACES} when undefined.
 * Throws `RangeError` naming `owner` (`Stats`, `Trace`) unless it is a non-negative safe integer.
 */
export function maxFailureTracesOf(value: number | undefined, owner: string): number {
  const max = value ?? DEFAULT_MAX_FAILURE_TRACES;
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new RangeError(`${owner} maxFailureTraces must be a non-negative integer, got ${String(value)}`);
  }
  return max;
}

/** One distinct failure of a method: its stack text, how often it happened, and when. */
export interface FailureRecord {
  /** Stack text as the error reported it (or as captured at the wrapper for non-Error throws). */
  stack: string;
  /** Times this exact stack was seen. */
  count: number;
  /** Error name, e.g. `NotFound`. */
  name?: string;
  /** Error message. */
  message?: string;
  /** First and last time seen, epoch milliseconds. */
  firstAt: number;
  lastAt: number;
}

/** What {@link FailureTraces.shown} returns: the traces to present and the failures not among them. */
export interface ShownFailures {
  /** The `limit` most frequent traces (see {@link FailureTraces.records} for the order). */
  failures: FailureRecord[];
  /** Failures not among `failures`: never kept, or kept but beyond the limit. */
  dropped: number;
}

/**
 * Failures of one method, deduplicated by stack text and bounded. Recording keeps the first `limit`
 * distinct traces and counts failures with a new stack beyond that in `dropped`. Merging keeps the
 * union of both sides (so at most runs x limit traces), because trimming at each merge would make the
 * result depend on the order of merging; the limit is applied when the traces are shown.
 *
 * Traces are indexed by the stack's length, then compared whole: hashing a fresh stack string (often
 * a kilobyte) for a `Map` key costs about a quarter of formatting it, while a length lookup and a
 * string comparison cost next to nothing.
 */
export class FailureTraces {
  readonly #byLength = new Map<number, FailureRecord[]>();
  /**
   * Most distinct traces recorded, and shown. Only raised, through {@link FailureTraces.raiseLimit};
   * a plain field because the traced failure path reads it.
   */
  limit: number;
  #size = 0;
  /** Failures whose distinct trace was never kept (recorded past the limit, or by a merged run). */
  dropped = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Distinct traces kept (after merges, possibly more than `limit`). */
  get size(): number {
    return this.#size;
  }

  /** Raises the limit to `limit` when it is larger (a limit is never lowered: traces would be lost). */
  raiseLimit(limit: number): void {
    if (limit > this.limit) this.limit = limit;
  }

  /** The kept record of exactly this stack text, if any (live: callers may count into it). */
  find(stack: string): FailureRecord | undefined {
    const bucket = this.#byLength.get(stack.length);
    if (bucket === undefined) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      const record = bucket[i]!;
      if (record.stack === stack) return record;
    }
    return undefined;
  }

  /** Counts one more failure into a record returned by {@link FailureTraces.find}. */
  static count(record: FailureRecord, at: number): void {
    record.count++;
    if (at > record.lastAt) record.lastAt = at;
  }

  /** Records one failure. */
  add(stack: string, name: string | undefined, message: string | undefined, at: number): void {
    const existing = this.find(stack);
    if (existing !== undefined) {
      FailureTraces.count(existing, at);
      return;
    }
    if (this.#size >= this.limit) {
      this.dropped++;
      return;
    }
    const record: FailureRecord = { stack, count: 1, firstAt: at, lastAt: at };
    if (name !== undefined) record.name = name;
    if (message !== undefined) record.message = message;
    this.#insert(record);
  }

  /**
   * Adds records (from another run or a JSON document) and their dropped count: counts add up, times
   * widen, and the union is kept whole, so merging is associative and commutative. A stack seen on
   * both sides keeps the name and message of its earliest failure (ties: the smaller text), the same
   * whichever side is merged into which.
   */
  merge(records: readonly FailureRecord[], dropped: number): void {
    for (const record of records) {
      const existing = this.find(record.stack);
      if (existing === undefined) {
        this.#insert({ ...record });
        continue;
      }
      if (describesFirst(record, existing)) {
        if (record.name === undefined) delete existing.name;
        else existing.name = record.name;
        if (record.message === undefined) delete existing.message;
        else existing.message = record.message;
      }
      existing.count += record.count;
      existing.firstAt = Math.min(existing.firstAt, record.firstAt);
      existing.lastAt = Math.max(existing.lastAt, record.lastAt);
    }
    this.dropped += dropped;
  }

  /**
   * Every kept record (after merges, possibly more than `limit`), most frequent first; ties: earliest
   * first, then by stack text, so the order is total and does not depend on how they were gathered.
   */
  records(): FailureRecord[] {
    const all: FailureRecord[] = [];
    for (const bucket of this.#byLength.values()) for (const r of bucket) all.push(copyOf(r));
    return all.sort((a, b) => b.count - a.count || a.firstAt - b.firstAt || compareText(a.stack, b.stack));
  }

  /** The `limit` first {@link FailureTraces.records}, and `dropped` plus the counts of the rest. */
  shown(): ShownFailures {
    const all = this.records();
    let dropped = this.dropped;
    for (let i = this.limit; i < all.length; i++) dropped += all[i]!.count;
    if (all.length > this.limit) all.length = this.limit;
    return { failures: all, dropped };
  }

  #insert(record: FailureRecord): void {
    const bucket = this.#byLength.get(record.stack.length);
    if (bucket === undefined) this.#byLength.set(record.stack.length, [record]);
    else bucket.push(record);
    this.#size++;
  }
}

/** A copy with its fields in one order, however the record was built (stable JSON text). */
function copyOf(r: FailureRecord): FailureRecord {
  const copy: FailureRecord = { stack: r.stack, count: r.count, firstAt: r.firstAt, lastAt: r.lastAt };
  if (r.name !== undefined) copy.name = r.name;
  if (r.message !== undefined) copy.message = r.message;
  return copy;
}

/** True when `a` describes a stack's failures rather than `b`: it was seen first (ties: smaller text). */
function describesFirst(a: FailureRecord, b: FailureRecord): boolean {
  if (a.firstAt !== b.firstAt) return a.firstAt < b.firstAt;
  return (compareText(a.name, b.name) || compareText(a.message, b.message)) < 0;
}

/** Orders texts, `undefined` first. */
function compareText(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}
