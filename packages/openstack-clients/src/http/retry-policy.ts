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
