import { formatLog, type Redact } from '@track/reporters';
import type { RunHandle } from '../../run/run-handle';
import { StatusLine } from '../../run/status-line';

/** Output while a run goes; `stop()` ends it before the final output. */
export interface ProgressOutput {
  stop(): void;
}

/**
 * Periodic tick `tick` (1-based) of the stats lines prints only while the run still starts
 * iterations: not at or after the end of the duration, nor once the run stopped, so the per-method
 * block comes once at the end, after in-flight iterations finished.
 */
export function periodicReportDue(
  tick: number,
  options: { intervalMs: number; durationMs?: number; stopped: boolean },
): boolean {
  if (options.stopped) return false;
  return options.durationMs === undefined || tick * options.intervalMs < options.durationMs;
}

/**
 * The status line (see {@link StatusLine}) and, every `reportIntervalMs` while iterations start, the
 * per-method stats lines on stdout.
 */
export function startProgressOutput(
  run: RunHandle,
  options: { reportIntervalMs: number; durationMs?: number; redact: Redact },
): ProgressOutput {
  const status = new StatusLine(run.totals, run.progress, {
    intervalMs: Math.min(options.reportIntervalMs, 10_000),
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
  });
  let tick = 0;
  let stopped = false;
  const periodic = setInterval(() => {
    tick++;
    const due = periodicReportDue(tick, {
      intervalMs: options.reportIntervalMs,
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      stopped: run.progress.stoppedBy !== undefined,
    });
    if (!due) return;
    void run.snapshot().then((current) => {
      if (stopped) return;
      status.clear();
      process.stdout.write(formatLog(current, { program: 'cinder-stress', redact: options.redact }));
    });
  }, options.reportIntervalMs);
  periodic.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(periodic);
      status.stop();
    },
  };
}
