import type { Stats } from '@track/core';
import { formatLog, formatTable, type Redact, type ReportMeta } from '@track/reporters';
import type { RunTotals } from '../../run/run-totals';
import type { RunProgress } from '../../run/runner';
import { TOOL_VERSIONS } from '../../tool-versions';
import { formatPercent, rate } from './rates';

/** Why and how the run stopped, e.g. `stopped by duration, 3 iterations abandoned after the drain timeout`. */
export function stopText(progress: RunProgress): string {
  if (!progress.stoppedBy) return '';
  const abandoned =
    progress.iterationsAbandoned > 0
      ? `, ${progress.iterationsAbandoned} iteration${progress.iterationsAbandoned === 1 ? '' : 's'} abandoned after the drain timeout`
      : '';
  return `stopped by ${progress.stoppedBy}${abandoned}`;
}

/**
 * The run's one summary line: iterations, HTTP requests counted at the transport (with failures and
 * rate per second), traced calls (every decorated method, waiters and the calls inside them alike),
 * and why it stopped.
 */
export function summaryLine(
  runId: string,
  totals: RunTotals,
  progress: RunProgress,
  elapsedMs: number,
): string {
  const { sent, failed } = totals.requests;
  const calls = totals.calls.pass + totals.calls.fail;
  const perSecond = elapsedMs > 0 ? ((sent * 1000) / elapsedMs).toFixed(1) : '0.0';
  const stopped = stopText(progress);
  return `run ${runId}: ${progress.iterationsPassed} iterations passed, ${progress.iterationsFailed} failed; ${sent} HTTP requests (${failed} failed, ${formatPercent(rate(failed, sent))}), ${perSecond} requests/s; ${calls} traced calls (${totals.calls.fail} failed, ${formatPercent(rate(totals.calls.fail, calls))})${stopped ? `; ${stopped}` : ''}`;
}

/** The final output on stdout: the per-method block, the table, the summary line and the top iteration failures. */
export function printRunSummary(
  stats: Stats,
  context: { runId: string; totals: RunTotals; progress: RunProgress; elapsedMs: number; redact: Redact },
): void {
  process.stdout.write(formatLog(stats, { program: 'cinder-stress', redact: context.redact }));
  process.stdout.write(`\n${formatTable(stats, { redact: context.redact })}`);
  process.stdout.write(
    `\n${summaryLine(context.runId, context.totals, context.progress, context.elapsedMs)}\n`,
  );
  const errors = [...context.progress.iterationErrors].sort((a, b) => b[1] - a[1]).slice(0, 5);
  for (const [message, count] of errors) process.stdout.write(`  ${count}x ${message}\n`);
}

/** The report metadata of a run. */
export function runReportMeta(context: {
  runId: string;
  scenario: string;
  startedAt: number;
  endedAt: number;
  concurrency: number;
  cloudName: string;
  totals: RunTotals;
}): ReportMeta {
  return {
    scenario: context.scenario,
    runId: context.runId,
    startedAt: context.startedAt,
    endedAt: context.endedAt,
    concurrency: context.concurrency,
    cloudName: context.cloudName,
    httpRequests: { sent: context.totals.requests.sent, failed: context.totals.requests.failed },
    toolVersions: TOOL_VERSIONS,
  };
}
