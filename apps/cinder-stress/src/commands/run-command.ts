import { join, resolve } from 'node:path';
import { environmentHasCloud } from '@track/openstack-clients';
import { describeWriteFailure } from '@track/reporters';
import { serveRunMetrics } from '../metrics/run-metrics-endpoint';
import { startLocalRun } from '../run/local-run';
import { describeReportFiles, writeReportFiles } from '../run/report-files';
import { credentialRedaction } from '../run/report-redaction';
import { newRunId } from '../run/resource-journal';
import { partsFor } from '../run/run-engine';
import type { RunHandle } from '../run/run-handle';
import { callTotalsOf } from '../run/run-totals';
import { shardLabel, shardRunId } from '../run/shard';
import { ownSignals } from '../run/signals';
import { runInThreads, splitAcrossThreads } from '../run/thread-pool';
import { handleInterrupts } from './run/interrupts';
import { describeLeft, orphansPath, writeOrphans } from './run/orphans-file';
import { startProgressOutput } from './run/progress-output';
import { engineConfigOf, parseRunOptions, type RunCommandOptions, type RunSettings } from './run/run-options';
import { printRunSummary, runReportMeta } from './run/run-summary';
import { runExitCode } from './run/sla';

export type { RunCommandOptions } from './run/run-options';

/** Warns when options that shape only the embedded fake are given for a real cloud. */
function warnFakeOnlyOptions(settings: RunSettings): void {
  if (!(settings.cloud || environmentHasCloud(process.env))) return;
  const ignored = [
    settings.fakeLatencyMs !== undefined && '--fake-latency',
    settings.faultRate !== undefined && '--fault-rate',
    settings.faultProfile !== undefined && '--fault-profile',
  ].filter(Boolean);
  if (ignored.length === 0) return;
  process.stderr.write(
    `cinder-stress: warning: ${ignored.join(' and ')} only shape the embedded fake cloud; ignored on ${settings.cloud ? `--cloud ${settings.cloud}` : 'the OS_* cloud'}\n`,
  );
}

/** `cinder-stress run [scenario|file]`: runs, reports, cleans up; resolves to the exit code. */
export async function runCommand(target: string, options: RunCommandOptions): Promise<number> {
  const settings = parseRunOptions(target, options);
  const parts = partsFor(target, settings.concurrency); // checks the scenario or file before anything starts
  const concurrency = parts.reduce((n, p) => n + p.concurrency, 0);
  const shares =
    settings.threads > 1
      ? splitAcrossThreads(
          parts.map((p) => p.concurrency),
          settings.threads,
          settings.iterations,
        )
      : undefined;
  warnFakeOnlyOptions(settings);

  // Everything is validated before the output directory exists: a usage error leaves nothing behind
  // (the engine creates the directory once it is connected and the run starts).
  const runId = shardRunId(settings.runId ?? newRunId(), settings.shard);
  const outDir = resolve(settings.out ?? join('track-runs', runId));
  const config = engineConfigOf(settings, runId, outDir);
  const announce = (description: string, fake: boolean) => {
    const threads =
      settings.threads > 1
        ? ` (in ${settings.threads} worker threads, each with its own connection${fake ? ' and its own embedded fake cloud' : ''})`
        : '';
    const budget =
      settings.durationMs !== undefined
        ? `for ${settings.durationText ?? `${settings.durationMs / 1000}s`}`
        : `${settings.iterations} iterations`;
    process.stderr.write(`cinder-stress: run ${runId}: ${target} on ${description}${threads}\n`);
    process.stderr.write(
      `cinder-stress: ${parts.map((p) => `${p.scenario.name} x${p.concurrency}`).join(', ')} concurrent iterations; ${budget}; reports in ${outDir}\n`,
    );
  };

  // Credentials never appear in what the run prints or writes, whatever an error message carried.
  const redact = await credentialRedaction(settings.cloud);
  // Up before the run starts (a port in use is a usage error, before anything is created), read at
  // each scrape from the run's handle.
  let run: RunHandle | undefined;
  const metrics = settings.metrics
    ? await serveRunMetrics(
        {
          run: { runId, scenario: target, shard: shardLabel(settings.shard) },
          stats: () => run!.snapshot(),
          progress: () => run!.progress,
          pending: () => run!.pending(),
          httpRequests: () => run!.totals().requestOutcomes ?? [],
        },
        settings.metrics,
      )
    : undefined;
  run = shares
    ? runInThreads(config, shares, new URL('./worker.js', import.meta.url), announce)
    : startLocalRun(config, announce);
  const interrupts = handleInterrupts(() => run, { runId, outDir, drainMs: settings.drainMs });
  const output = startProgressOutput(run, {
    reportIntervalMs: settings.reportIntervalMs,
    ...(settings.durationMs !== undefined ? { durationMs: settings.durationMs } : {}),
    redact,
  });
  let result: Awaited<RunHandle['done']>;
  try {
    result = await run.done;
  } catch (error) {
    interrupts.release();
    await metrics?.close();
    throw error;
  } finally {
    output.stop();
  }
  const endedAt = Date.now();
  const { progress } = run;
  const totals = { calls: callTotalsOf(result.stats), requests: result.requests };
  // Files the run could not write (reports, journal, orphans.json) are each named; the run exits 3.
  let notWritten = result.journalFailure !== undefined;
  if (result.left.length > 0) {
    try {
      writeOrphans(outDir, runId, result.left);
    } catch (error) {
      notWritten = true;
      process.stderr.write(
        `cinder-stress: could not write ${orphansPath(outDir)}: ${describeWriteFailure(error)}\n`,
      );
    }
    process.stderr.write(
      `cinder-stress: ${result.left.length} resource(s) may be left, listed in ${orphansPath(outDir)}; remove them with: cinder-stress cleanup --run ${runId}\n`,
    );
  }
  printRunSummary(result.stats, { runId, totals, progress, elapsedMs: endedAt - progress.startedAt, redact });
  if (result.left.length > 0)
    process.stdout.write(`${result.left.length} resource(s) may be left:\n${describeLeft(result.left)}`);
  const reportFiles = await writeReportFiles(result.stats, {
    formats: settings.formats,
    outDir,
    meta: runReportMeta({
      runId,
      scenario: target,
      startedAt: progress.startedAt,
      endedAt,
      concurrency,
      cloudName: result.cloudName,
      totals,
    }),
    program: 'cinder-stress',
    redact,
  });
  if (reportFiles.failures.length > 0) notWritten = true;
  const reportLines = describeReportFiles(reportFiles);
  process.stdout.write(reportLines.stdout);
  process.stderr.write(reportLines.stderr);
  if (result.journalFailure) process.stderr.write(`cinder-stress: ${result.journalFailure}\n`);
  interrupts.release();
  const exitCode = runExitCode(totals, progress, {
    notWritten,
    resourcesLeft: result.left.length,
    ...(interrupts.interruptedBy ? { interruptedBy: interrupts.interruptedBy } : {}),
    ...(settings.maxFailRate !== undefined ? { maxFailRate: settings.maxFailRate } : {}),
  });
  if (metrics) {
    // The final figures stay up for a last scrape; a signal ends the wait (an interrupted run does not wait).
    const endLinger = new AbortController();
    if (interrupts.interruptedBy) endLinger.abort();
    const releaseSignals = ownSignals({
      onFirst: () => endLinger.abort(),
      onSecond: () => process.exit(exitCode),
    });
    await metrics.lingerAndClose(endLinger.signal);
    releaseSignals();
  }
  return exitCode;
}
