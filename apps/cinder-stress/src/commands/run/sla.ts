import { EXIT } from '../../exit-codes';
import type { RunTotals } from '../../run/run-totals';
import type { RunProgress } from '../../run/runner';
import { formatPercent, rate } from './rates';

/** Iterations that did not pass: failed, or abandoned after the drain timeout. */
function iterationsNotPassed(progress: RunProgress): number {
  return progress.iterationsFailed + progress.iterationsAbandoned;
}

/**
 * What breaches `--max-fail-rate`: the traced-call fail rate and the iteration fail rate (failed and
 * abandoned iterations over all) are each held to it (an iteration can fail with no failed call: a
 * whitelisted method's failure, a scenario's own check).
 */
export function slaBreaches(totals: RunTotals, progress: RunProgress, maxFailRate: number): string[] {
  const callRate = rate(totals.calls.fail, totals.calls.pass + totals.calls.fail);
  const notPassed = iterationsNotPassed(progress);
  const iterationRate = rate(notPassed, progress.iterationsPassed + notPassed);
  return [
    ...(callRate > maxFailRate ? [`traced call fail rate ${formatPercent(callRate)}`] : []),
    ...(iterationRate > maxFailRate ? [`iteration fail rate ${formatPercent(iterationRate)}`] : []),
  ];
}

/**
 * The exit code of a finished run: 130/143 after a signal; 3 when a report, the journal or
 * orphans.json could not be written; 4 when resources may be left after the
 * end-of-run cleanup; with `--max-fail-rate`, 1 when it is breached (said on stderr) else 0; without
 * it, 1 when any traced call or iteration failed or was abandoned.
 */
export function runExitCode(
  totals: RunTotals,
  progress: RunProgress,
  options: {
    interruptedBy?: NodeJS.Signals;
    maxFailRate?: number;
    resourcesLeft: number;
    /** A report, the journal or orphans.json could not be written. */
    notWritten?: boolean;
  },
): number {
  if (options.interruptedBy) return options.interruptedBy === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  if (options.notWritten) return EXIT.reportNotWritten;
  if (options.resourcesLeft > 0) return EXIT.resourcesLeft;
  if (options.maxFailRate !== undefined) {
    const breaches = slaBreaches(totals, progress, options.maxFailRate);
    if (breaches.length === 0) {
      const notPassed = iterationsNotPassed(progress);
      process.stdout.write(
        `SLA met: traced call fail rate ${formatPercent(rate(totals.calls.fail, totals.calls.pass + totals.calls.fail))} and iteration fail rate ${formatPercent(rate(notPassed, progress.iterationsPassed + notPassed))} <= --max-fail-rate ${formatPercent(options.maxFailRate)}: exit 0\n`,
      );
      return EXIT.ok;
    }
    process.stderr.write(
      `cinder-stress: SLA breached: ${breaches.join(' and ')} > --max-fail-rate ${formatPercent(options.maxFailRate)}\n`,
    );
    return EXIT.failures;
  }
  return totals.calls.fail > 0 || iterationsNotPassed(progress) > 0 ? EXIT.failures : EXIT.ok;
}
