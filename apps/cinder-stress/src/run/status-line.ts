import type { Stats } from '@track/core';
import { formatDuration } from './duration';
import type { RunProgress } from './runner';

/** Totals of a Stats. */
export function totalsOf(stats: Stats): { pass: number; fail: number } {
  let pass = 0;
  let fail = 0;
  for (const m of stats.methods()) {
    pass += m.pass;
    fail += m.fail;
  }
  return { pass, fail };
}

/**
 * Progress while a run goes: on a TTY one status line redrawn in place (elapsed, iterations, calls/s,
 * pass/fail, remaining); otherwise a plain line every `intervalMs`.
 */
export class StatusLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #timer: NodeJS.Timeout;
  #lastCalls = 0;
  #lastAt = Date.now();
  #drawn = false;

  constructor(
    totals: () => { pass: number; fail: number },
    progress: RunProgress,
    options: {
      stream?: NodeJS.WriteStream;
      intervalMs: number;
      durationMs?: number;
      onInterval?: () => void;
    },
  ) {
    this.#stream = options.stream ?? process.stderr;
    this.#tty = Boolean(this.#stream.isTTY) && !process.env.CI;
    const every = this.#tty ? 1000 : options.intervalMs;
    let sinceReport = 0;
    this.#timer = setInterval(() => {
      const { pass, fail } = totals();
      const now = Date.now();
      const calls = pass + fail;
      const rate = ((calls - this.#lastCalls) * 1000) / Math.max(1, now - this.#lastAt);
      this.#lastCalls = calls;
      this.#lastAt = now;
      const elapsed = now - progress.startedAt;
      const remaining =
        options.durationMs === undefined
          ? ''
          : `, ${formatDuration(Math.max(0, options.durationMs - elapsed))} left`;
      const line = `${formatDuration(elapsed)} elapsed, ${progress.iterationsPassed + progress.iterationsFailed} iterations (${progress.iterationsFailed} failed), ${rate.toFixed(0)} calls/s, ${pass} pass, ${fail} fail${remaining}`;
      if (this.#tty) {
        this.#stream.write(`\r\u001b[2K${line}`);
        this.#drawn = true;
        sinceReport += every;
        if (options.onInterval && sinceReport >= options.intervalMs) {
          sinceReport = 0;
          this.clear();
          options.onInterval();
        }
      } else {
        this.#stream.write(`progress: ${line}\n`);
        options.onInterval?.();
      }
    }, every);
    this.#timer.unref();
  }

  clear(): void {
    if (this.#drawn) this.#stream.write('\r\u001b[2K');
    this.#drawn = false;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.clear();
  }
}
