import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_WHITELIST, Stats, Trace } from '@track/core';
import {
  formatLog,
  formatTable,
  parseReportFormats,
  type ReportFormat,
  writeReports,
} from '@track/reporters';
import writeFileAtomic from 'write-file-atomic';
import { CliError, EXIT } from '../cli-error';
import { cleanUpEntries } from '../run/cleanup';
import { connectTarget } from '../run/cloud-target';
import { parseDuration } from '../run/duration';
import { newRunId, ResourceJournal } from '../run/resource-journal';
import { type RunPart, type RunProgress, runParts } from '../run/runner';
import { setUpTracking } from '../run/set-up-tracking';
import { ownSignals } from '../run/signals';
import { StatusLine, totalsOf } from '../run/status-line';
import { findScenario, SCENARIOS } from '../scenarios/registry';
import { loadScenarioFile } from '../scenarios/scenario-file';
import { TOOL_VERSIONS } from '../tool-versions';

/** Options of `cinder-stress run`, as commander gives them. */
export interface RunCommandOptions {
  duration?: string;
  iterations?: string;
  concurrency: string;
  workers?: string;
  stopOnError?: boolean;
  maxFailRate?: string;
  seed: string;
  cloud?: string;
  flavor?: string;
  image?: string;
  network?: string;
  whitelist?: string;
  report: string;
  out?: string;
  reportInterval: string;
  fakeLatency?: string;
  faultRate?: string;
  fakeTimeScale: string;
  drainTimeout: string;
  requestTimeout?: string;
  pollInterval?: string;
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new CliError(`${option} must be a whole number >= 1, got ${JSON.stringify(value)}`);
  return Number(value);
}

function number(
  value: string | undefined,
  option: string,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new CliError(
      `${option} must be a number${max < Number.POSITIVE_INFINITY ? ` from ${min} to ${max}` : ` >= ${min}`}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** The parts of a run: a built-in scenario name, or a scenario file. */
function partsFor(target: string, concurrency: number): RunPart[] {
  const scenario = findScenario(target);
  if (scenario) return [{ scenario, workers: concurrency, kwargs: {} }];
  if (existsSync(target)) return loadScenarioFile(target);
  throw new CliError(
    `Unknown scenario ${JSON.stringify(target)}: use one of ${[...SCENARIOS.keys()].join(', ')}, or a scenario file path`,
  );
}

/** `cinder-stress run [scenario|file]`: runs, reports, cleans up; resolves to the exit code. */
export async function runCommand(target: string, options: RunCommandOptions): Promise<number> {
  const concurrency = positiveInt(options.concurrency, '--concurrency')!;
  const iterations = positiveInt(options.iterations, '--iterations');
  const durationMs =
    options.duration === undefined
      ? iterations === undefined
        ? target === 'cho'
          ? 3_600_000
          : 60_000
        : undefined
      : parseDuration(options.duration, '--duration');
  const maxFailRate = number(options.maxFailRate, '--max-fail-rate', 0, 1);
  const seed = number(options.seed, '--seed', 0)!;
  const reportIntervalMs = parseDuration(options.reportInterval, '--report-interval');
  const drainMs = parseDuration(options.drainTimeout, '--drain-timeout');
  const formats: ReportFormat[] = (() => {
    try {
      return parseReportFormats(options.report.split(',').filter(Boolean));
    } catch (error) {
      throw new CliError(`--report: ${(error as Error).message}`);
    }
  })();
  if (options.workers !== undefined) positiveInt(options.workers, '--workers');
  const parts = partsFor(target, concurrency);
  const extraWhitelist = (options.whitelist ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const runId = newRunId();
  const outDir = resolve(options.out ?? join('track-runs', runId));
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new CliError(
      `--out ${outDir} cannot be created: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }

  const cloud = await connectTarget({
    ...(options.cloud ? { cloud: options.cloud } : {}),
    ...(options.flavor ? { flavor: options.flavor } : {}),
    ...(options.image ? { image: options.image } : {}),
    ...(options.network ? { network: options.network } : {}),
    seed,
    ...(options.fakeLatency ? { fakeLatencyMs: number(options.fakeLatency, '--fake-latency', 0)! } : {}),
    ...(options.faultRate ? { faultRate: number(options.faultRate, '--fault-rate', 0, 1)! } : {}),
    fakeTimeScale: number(options.fakeTimeScale, '--fake-time-scale', 0)!,
    concurrency: parts.reduce((n, p) => n + p.workers, 0),
    ...(options.requestTimeout
      ? { requestTimeoutMs: parseDuration(options.requestTimeout, '--request-timeout') }
      : {}),
    ...(options.pollInterval
      ? { pollIntervalMs: parseDuration(options.pollInterval, '--poll-interval') }
      : {}),
  });
  if (!cloud.compute && parts.some((p) => p.scenario.needsServers)) {
    throw new CliError(
      'This scenario boots servers: give --flavor and --image (and --network when the cloud needs one) for a real cloud',
    );
  }
  process.stderr.write(`cinder-stress: run ${runId}: ${target} on ${cloud.description}\n`);
  process.stderr.write(
    `cinder-stress: ${parts.map((p) => `${p.scenario.name} x${p.workers}`).join(', ')}; ${durationMs !== undefined ? `for ${options.duration ?? `${durationMs / 1000}s`}` : `${iterations} iterations`}; reports in ${outDir}\n`,
  );

  const stats = new Stats({ timeline: { bucketMs: 1000, maxBuckets: 3600 } });
  const trace = new Trace({ stats, whitelist: [...DEFAULT_WHITELIST, ...extraWhitelist] });
  setUpTracking(trace, cloud.manager);
  const journal = new ResourceJournal(runId, join(outDir, 'journal.json'));
  const stopController = new AbortController();
  const abortController = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  let drainTimer: NodeJS.Timeout | undefined;
  const releaseSignals = ownSignals({
    onFirst(signal) {
      interruptedBy = signal;
      process.stderr.write(
        `\ncinder-stress: ${signal}: no new iterations; letting in-flight ones finish (up to ${drainMs / 1000}s), then cleaning up. Press Ctrl-C again to exit now.\n`,
      );
      stopController.abort();
      drainTimer = setTimeout(() => abortController.abort(new Error('drain timeout')), drainMs);
      drainTimer.unref();
    },
    onSecond(signal) {
      const left = journal.pending();
      const orphans = join(outDir, 'orphans.json');
      try {
        writeFileAtomic.sync(orphans, `${JSON.stringify({ runId, resources: left }, null, 2)}\n`);
      } catch {}
      process.stderr.write(
        `\ncinder-stress: ${signal} again: exiting now. ${left.length} resource(s) may be left${left.length ? `: ${left.map((e) => e.name).join(', ')}` : ''}; listed in ${orphans}. Remove them with: cinder-stress cleanup --run ${runId}\n`,
      );
      process.exit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
    },
  });

  const progress: RunProgress = {
    startedAt: Date.now(),
    iterationsStarted: 0,
    iterationsPassed: 0,
    iterationsFailed: 0,
    iterationErrors: new Map(),
  };
  const status = new StatusLine(stats, progress, {
    intervalMs: Math.min(reportIntervalMs, 10_000),
    ...(durationMs !== undefined ? { durationMs } : {}),
  });
  const periodic = setInterval(() => {
    status.clear();
    process.stdout.write(formatLog(stats));
    checkSla();
  }, reportIntervalMs);
  periodic.unref();
  let slaBreached = false;
  function checkSla(): void {
    if (maxFailRate === undefined) return;
    const { pass, fail } = totalsOf(stats);
    if (pass + fail >= 20 && fail / (pass + fail) > maxFailRate && !slaBreached) {
      slaBreached = true;
    }
  }

  try {
    await runParts(
      {
        manager: cloud.manager,
        journal,
        compute: cloud.compute!,
        parts,
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(iterations !== undefined ? { iterations } : {}),
        stopOnError: options.stopOnError === true,
        stopSignal: stopController.signal,
        abortSignal: abortController.signal,
        seed,
      },
      progress,
    );
  } finally {
    clearInterval(periodic);
    status.stop();
    if (drainTimer) clearTimeout(drainTimer);
  }
  const endedAt = Date.now();

  // Clean up whatever is left (also after failures and interrupts), then report.
  const pending = journal.pending();
  if (pending.length > 0) {
    process.stderr.write(`cinder-stress: cleaning up ${pending.length} resource(s) left by the run\n`);
    const cleanupController = new AbortController();
    const cleanupTimer = setTimeout(() => cleanupController.abort(new Error('cleanup timeout')), 300_000);
    const report = await cleanUpEntries(cloud.manager, journal, pending, {
      signal: cleanupController.signal,
    });
    clearTimeout(cleanupTimer);
    for (const failed of report.failed)
      process.stderr.write(
        `cinder-stress: could not remove ${failed.kind} ${failed.name}: ${failed.reason}\n`,
      );
  }
  journal.close();
  const left = journal.pending();
  if (left.length > 0) {
    writeFileAtomic.sync(
      join(outDir, 'orphans.json'),
      `${JSON.stringify({ runId, resources: left }, null, 2)}\n`,
    );
    process.stderr.write(
      `cinder-stress: ${left.length} resource(s) may be left, listed in ${join(outDir, 'orphans.json')}; remove them with: cinder-stress cleanup --run ${runId}\n`,
    );
  }

  process.stdout.write(formatLog(stats));
  process.stdout.write(`\n${formatTable(stats)}`);
  const meta = {
    scenario: target,
    startedAt: progress.startedAt,
    endedAt,
    concurrency: parts.reduce((n, p) => n + p.workers, 0),
    cloudName: cloud.cloudName,
    toolVersions: TOOL_VERSIONS,
  };
  const written = await writeReports(stats, { formats, outDir, meta });
  const { pass, fail } = totalsOf(stats);
  const failRate = pass + fail === 0 ? 0 : fail / (pass + fail);
  process.stdout.write(
    `\nrun ${runId}: ${progress.iterationsPassed} iterations passed, ${progress.iterationsFailed} failed; ${pass} calls passed, ${fail} failed (${(100 * failRate).toFixed(2)}%)${progress.stoppedBy ? `; stopped by ${progress.stoppedBy}` : ''}\n`,
  );
  for (const [message, count] of [...progress.iterationErrors].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
    process.stdout.write(`  ${count}x ${message}\n`);
  }
  process.stdout.write(`reports: ${written.join(', ')}\n`);
  releaseSignals();
  await cloud.manager.close();

  if (interruptedBy) return interruptedBy === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  if (maxFailRate !== undefined) {
    if (failRate > maxFailRate || slaBreached) {
      process.stderr.write(
        `cinder-stress: SLA breached: fail rate ${(100 * failRate).toFixed(2)}% > --max-fail-rate ${(100 * maxFailRate).toFixed(2)}%\n`,
      );
      return EXIT.failures;
    }
    return EXIT.ok;
  }
  return fail > 0 || progress.iterationsFailed > 0 ? EXIT.failures : EXIT.ok;
}
