import { formatDuration } from './duration';
import type { RunTotals } from './run-totals';
import type { RunProgress } from './runner';

/**
 * One status line: elapsed time, iterations, HTTP requests per second since the last line, HTTP
 * requests and traced calls with their failures (each labelled: a waiter and the HTTP calls it makes
 * are two traced calls but one request), and the time left.
 */
export function formatStatusLine(
  totals: RunTotals,
  progress: Pick<RunProgress, 'startedAt' | 'iterationsPassed' | 'iterationsFailed'>,
  options: { now: number; requestsPerSecond: number; durationMs?: number },
): string {
  const elapsed = options.now - progress.startedAt;
  const remaining =
    options.durationMs === undefined
      ? ''
      : `, ${formatDuration(Math.max(0, options.durationMs - elapsed))} left`;
  return `${formatDuration(elapsed)} elapsed, ${progress.iterationsPassed + progress.iterationsFailed} iterations (${progress.iterationsFailed} failed), ${options.requestsPerSecond.toFixed(0)} HTTP requests/s, ${totals.requests.sent} HTTP requests (${totals.requests.failed} failed), ${totals.calls.pass + totals.calls.fail} traced calls (${totals.calls.fail} failed)${remaining}`;
}

/**
 * Progress while a run goes: on a TTY one status line redrawn in place every second; otherwise a
 * plain `progress:` line every `intervalMs`. See {@link formatStatusLine}.
 */
export class StatusLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #timer: NodeJS.Timeout;
  #lastRequests = 0;
  #lastAt = Date.now();
  #drawn = false;

  constructor(
    totals: () => RunTotals,
    progress: RunProgress,
    options: { stream?: NodeJS.WriteStream; intervalMs: number; durationMs?: number },
  ) {
    this.#stream = options.stream ?? process.stderr;
    this.#tty = Boolean(this.#stream.isTTY) && !process.env.CI;
    this.#timer = setInterval(
      () => {
        const current = totals();
        const now = Date.now();
        const requestsPerSecond =
          ((current.requests.sent - this.#lastRequests) * 1000) / Math.max(1, now - this.#lastAt);
        this.#lastRequests = current.requests.sent;
        this.#lastAt = now;
        const line = formatStatusLine(current, progress, {
          now,
          requestsPerSecond,
          ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
        });
        if (this.#tty) {
          this.#stream.write(`\r\u001b[2K${line}`);
          this.#drawn = true;
        } else {
          this.#stream.write(`progress: ${line}\n`);
        }
      },
      this.#tty ? 1000 : options.intervalMs,
    );
    this.#timer.unref();
  }

  /** Erases the line on a TTY, so other output starts on a clean line. */
  clear(): void {
    if (this.#drawn) this.#stream.write('\r\u001b[2K');
    this.#drawn = false;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.clear();
  }
}
