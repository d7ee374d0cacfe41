import { abortableSleep } from '../abortable-sleep';
import { ConnectionError, type OpenStackError, OverLimit, RequestTimeout, ServerFault } from '../errors';

/** Opt-in retries: off by default, because retries hide the very failures a stress run counts. */
export interface RetryOptions {
  /** Retries after the first attempt (default 0: never retry). */
  max?: number;
  /** Statuses to retry (default 413, 429, 503). 413 with `Retry-After: 0` or a quota message never is. */
  onStatuses?: readonly number[];
  /** Also retry connection errors (default true when `max` > 0); a POST is never replayed after a timeout. */
  onConnectionErrors?: boolean;
  /** Wait when the server gives no Retry-After: base delay in ms, doubled per attempt (default 500). */
  baseDelayMs?: number;
  /** Longest wait in ms (default 60,000), also for a longer `Retry-After`. */
  maxDelayMs?: number;
  /**
   * Shortest wait in ms when a Retry-After is given (default 1,000, as Tempest). A `Retry-After`
   * (on 413, 429 and 503) is honoured: the wait is never shorter than it asks, up to `maxDelayMs`.
   */
  minRetryAfterMs?: number;
}

/** What to do after a failed attempt. */
export type RetryDecision = { retry: false } | { retry: true; delayMs: number; reason: string };

/** Options of {@link RetryPolicy.run}. */
export interface RetryRunOptions {
  /** HTTP method of the call when its error does not say (a POST is never replayed after a timeout). */
  method?: string;
  /** Ends the waiting between attempts: the run then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Sleep between attempts (default: an abortable timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of each retry before its wait. */
  onRetry?: (error: unknown, decision: { delayMs: number; reason: string; attempt: number }) => void;
}

/** Decides retries from {@link RetryOptions}. */
export class RetryPolicy {
  readonly max: number;
  readonly #statuses: ReadonlySet<number>;
  readonly #onConnection: boolean;
  readonly #base: number;
  readonly #cap: number;
  readonly #floor: number;
  readonly #random: () => number;

  constructor(options: RetryOptions = {}, random: () => number = Math.random) {
    const max = options.max ?? 0;
    if (!Number.isInteger(max) || max < 0)
      throw new RangeError(`retries.max must be a non-negative integer, got ${String(options.max)}`);
    this.max = max;
    this.#statuses = new Set(options.onStatuses ?? [413, 429, 503]);
    this.#onConnection = options.onConnectionErrors ?? true;
    this.#base = options.baseDelayMs ?? 500;
    this.#cap = options.maxDelayMs ?? 60_000;
    this.#floor = options.minRetryAfterMs ?? 1000;
    this.#random = random;
  }

  /** Whether attempt number `attempt` (1-based) that failed with `error` should be retried, and when. */
  decide(error: unknown, attempt: number, method: string): RetryDecision {
    if (attempt > this.max) return { retry: false };
    if (error instanceof RequestTimeout) {
      // The request may have been executed: replaying a POST could create the resource twice.
      if (method === 'POST' || !this.#onConnection) return { retry: false };
      return { retry: true, delayMs: this.#backoff(attempt), reason: 'timeout' };
    }
    if (error instanceof ConnectionError) {
      return this.#onConnection
        ? { retry: true, delayMs: this.#backoff(attempt), reason: 'connection error' }
        : { retry: false };
    }
    const status = (error as OpenStackError).status;
    if (status === undefined || !this.#statuses.has(status)) return { retry: false };
    if (error instanceof OverLimit && status === 413 && isQuotaExceeded(error)) return { retry: false };
    if (error instanceof OverLimit || error instanceof ServerFault) {
      const delayMs =
        error.retryAfter !== undefined ? this.#afterRetryAfter(error.retryAfter) : this.#backoff(attempt);
      return { retry: true, delayMs, reason: `status ${status}` };
    }
    return { retry: false };
  }

  /**
   * Runs `call` until it succeeds or {@link decide} says not to retry its failure (the last error is
   * thrown), sleeping the decided delay between attempts. The method given to `decide` is the
   * error's own (an OpenStackError's `method`), else `options.method`, else `GET`.
   */
  async run<T>(call: () => Promise<T>, options: RetryRunOptions = {}): Promise<T> {
    const sleep = options.sleep ?? abortableSleep;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const method = (error as OpenStackError)?.method ?? options.method ?? 'GET';
        const decision = this.decide(error, attempt, method);
        if (!decision.retry || options.signal?.aborted) throw error;
        options.onRetry?.(error, { delayMs: decision.delayMs, reason: decision.reason, attempt });
        await sleep(decision.delayMs, options.signal);
      }
    }
  }

  /** Exponential backoff with ±20% jitter, never above the cap. */
  #backoff(attempt: number): number {
    const ms = this.#base * 2 ** (attempt - 1) * (0.8 + 0.4 * this.#random());
    return Math.round(Math.min(this.#cap, ms));
  }

  /**
   * The server's `Retry-After` (at least the floor), with up to 20% jitter added, never subtracted:
   * retrying earlier than asked would not honour it. The cap bounds the result.
   */
  #afterRetryAfter(seconds: number): number {
    const ms = Math.max(this.#floor, seconds * 1000) * (1 + 0.2 * this.#random());
    return Math.round(Math.min(this.#cap, ms));
  }
}

/** A 413 that is a quota (never retried): `Retry-After: 0` or absent, or a message saying "exceed". */
function isQuotaExceeded(error: OverLimit): boolean {
  if (error.retryAfter === undefined || error.retryAfter === 0) return true;
  return /exceed/i.test(error.serverMessage ?? '');
}
