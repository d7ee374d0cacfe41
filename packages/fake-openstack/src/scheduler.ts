/**
 * Timed state transitions without timers. Each transition is queued with the time it becomes due;
 * the fake runs every due transition at the start of each request, so state advances exactly as if
 * timers had fired, memory holds only pending work, and an injected clock makes tests deterministic.
 *
 * A transition also waits for at least one later request (`minRequests`), so with zero delays
 * (`timeScale: 0`) an operation is still asynchronous: the first GET after a create shows `creating`.
 */
interface Pending {
  at: number;
  afterRequest: number;
  seq: number;
  run: () => void;
}

/** A min-heap of pending transitions ordered by due time, then by insertion. */
export class Scheduler {
  readonly #heap: Pending[] = [];
  #seq = 0;
  #requests = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Number of transitions still pending. */
  get size(): number {
    return this.#heap.length;
  }

  /** Queues `run` to happen `delayMs` from now, and not before the next request. */
  after(delayMs: number, run: () => void): void {
    // A zero-delay transition must let one whole request see the old state first.
    const afterRequest = delayMs > 0 ? 0 : this.#requests + 1;
    const item: Pending = { at: this.#now() + delayMs, afterRequest, seq: this.#seq++, run };
    this.#heap.push(item);
    this.#up(this.#heap.length - 1);
  }

  /** Marks the start of a request and runs every transition that is due. */
  tick(): void {
    this.#requests++;
    const heap = this.#heap;
    if (heap.length === 0) return;
    const now = this.#now();
    const deferred: Pending[] = [];
    while (heap.length > 0 && heap[0]!.at <= now) {
      const item = this.#pop();
      if (item.afterRequest >= this.#requests) {
        deferred.push(item);
        continue;
      }
      item.run();
    }
    for (const item of deferred) {
      heap.push(item);
      this.#up(heap.length - 1);
    }
  }

  /** Runs everything pending regardless of time (for shutdown and tests). */
  drain(): void {
    while (this.#heap.length > 0) {
      this.#requests++;
      this.#pop().run();
    }
  }

  #less(a: Pending, b: Pending): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #up(index: number): void {
    const heap = this.#heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#less(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  #pop(): Pending {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && this.#less(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && this.#less(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
}
