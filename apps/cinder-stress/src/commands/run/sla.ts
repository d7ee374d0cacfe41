import { EXIT } from '../../exit-codes';
import type { RunTotals } from '../../run/run-totals';
import type { RunProgress } from '../../run/runner';
import { formatPercent, rate } from './rates';

/**
 * What breaches `--max-fail-rate`: the traced-call fail rate and the iteration fail rate are each
 * held to it (an iteration can fail with no failed call: a whitelisted method's failure, a
 * scenario's own check).
 */
export function slaBreaches(totals: RunTotals, progress: RunProgress, maxFailRate: number): string[] {
  const callRate = rate(totals.calls.fail, totals.calls.pass + totals.calls.fail);
  const iterationRate = rate(
    progress.iterationsFailed,
    progress.iterationsPassed + progress.iterationsFailed,
  );
  return [
    ...(callRate > maxFailRate ? [`traced call fail rate ${formatPercent(callRate)}`] : []),
    ...(iterationRate > maxFailRate ? [`iteration fail rate ${formatPercent(iterationRate)}`] : []),
  ];
}

/**
 * The exit code of a finished run: 130/143 after a signal; with `--max-fail-rate`, 1 when it is
 * breached (said on stderr) else 0; without it, 1 when any traced call or iteration failed.
 */
export function runExitCode(
  totals: RunTotals,
  progress: RunProgress,
  options: { interruptedBy?: NodeJS.Signals; maxFailRate?: number },
): number {
  if (options.interruptedBy) return options.interruptedBy === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  if (options.maxFailRate !== undefined) {
    const breaches = slaBreaches(totals, progress, options.maxFailRate);
    if (breaches.length === 0) return EXIT.ok;
    process.stderr.write(
      `cinder-stress: SLA breached: ${breaches.join(' and ')} > --max-fail-rate ${formatPercent(options.maxFailRate)}\n`,
    );
    return EXIT.failures;
  }
  return totals.calls.fail > 0 || progress.iterationsFailed > 0 ? EXIT.failures : EXIT.ok;
}
