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

/**
 * Failures of one method, deduplicated by stack text and bounded: at most `limit` distinct traces
 * are kept; failures with a new stack beyond that are still counted in `dropped`.
 *
 * Traces are indexed by the stack's length, then compared whole: hashing a fresh stack string (often
 * a kilobyte) for a `Map` key costs about a quarter of formatting it, while a length lookup and a
 * string comparison cost next to nothing.
 */
export class FailureTraces {
  readonly #byLength = new Map<number, FailureRecord[]>();
  /** Most distinct traces kept. */
  readonly limit: number;
  #size = 0;
  /** Failures whose distinct trace was not kept because the limit was reached. */
  dropped = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Distinct traces kept. */
  get size(): number {
    return this.#size;
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
   * Merges records (from another run or a JSON document) and their dropped count. The union is
   * trimmed back to the limit keeping the most frequent traces (ties broken by time, then text), so
   * the result does not depend on the order in which runs are merged.
   */
  merge(records: readonly FailureRecord[], dropped: number): void {
    for (const record of records) {
      const existing = this.find(record.stack);
      if (existing) {
        existing.count += record.count;
        existing.firstAt = Math.min(existing.firstAt, record.firstAt);
        existing.lastAt = Math.max(existing.lastAt, record.lastAt);
      } else {
        this.#insert({ ...record });
      }
    }
    this.dropped += dropped;
    if (this.#size <= this.limit) return;
    const kept = this.records();
    this.#byLength.clear();
    this.#size = 0;
    for (const record of kept.slice(0, this.limit)) this.#insert(record);
    for (const record of kept.slice(this.limit)) this.dropped += record.count;
  }

  /** Kept records, most frequent first (ties: earliest first, then by stack text for stability). */
  records(): FailureRecord[] {
    const all: FailureRecord[] = [];
    for (const bucket of this.#byLength.values()) for (const r of bucket) all.push({ ...r });
    return all.sort(
      (a, b) =>
        b.count - a.count || a.firstAt - b.firstAt || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0),
    );
  }

  #insert(record: FailureRecord): void {
    const bucket = this.#byLength.get(record.stack.length);
    if (bucket === undefined) this.#byLength.set(record.stack.length, [record]);
    else bucket.push(record);
    this.#size++;
  }
}
