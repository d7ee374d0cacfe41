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
 */
export class FailureTraces {
  readonly #byStack = new Map<string, FailureRecord>();
  readonly #limit: number;
  /** Failures whose distinct trace was not kept because the limit was reached. */
  dropped = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Records one failure. */
  add(stack: string, name: string | undefined, message: string | undefined, at: number): void {
    const existing = this.#byStack.get(stack);
    if (existing) {
      existing.count++;
      if (at > existing.lastAt) existing.lastAt = at;
      return;
    }
    if (this.#byStack.size >= this.#limit) {
      this.dropped++;
      return;
    }
    const record: FailureRecord = { stack, count: 1, firstAt: at, lastAt: at };
    if (name !== undefined) record.name = name;
    if (message !== undefined) record.message = message;
    this.#byStack.set(stack, record);
  }

  /**
   * Merges records (from another run or a JSON document) and their dropped count. The union is
   * trimmed back to the limit keeping the most frequent traces (ties broken by time, then text), so
   * the result does not depend on the order in which runs are merged.
   */
  merge(records: readonly FailureRecord[], dropped: number): void {
    for (const record of records) {
      const existing = this.#byStack.get(record.stack);
      if (existing) {
        existing.count += record.count;
        existing.firstAt = Math.min(existing.firstAt, record.firstAt);
        existing.lastAt = Math.max(existing.lastAt, record.lastAt);
      } else {
        this.#byStack.set(record.stack, { ...record });
      }
    }
    this.dropped += dropped;
    if (this.#byStack.size <= this.#limit) return;
    const kept = this.records();
    for (const record of kept.slice(this.#limit)) {
      this.#byStack.delete(record.stack);
      this.dropped += record.count;
    }
  }

  /** Kept records, most frequent first (ties: earliest first, then by stack text for stability). */
  records(): FailureRecord[] {
    return [...this.#byStack.values()]
      .map((r) => ({ ...r }))
      .sort(
        (a, b) =>
          b.count - a.count || a.firstAt - b.firstAt || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0),
      );
  }
}
