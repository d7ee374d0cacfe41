import { join, resolve } from 'node:path';
import { FAULT_PROFILES, type FaultProfileName } from '@track/fake-openstack';
import { environmentHasCloud } from '@track/openstack-clients';
import {
  formatLog,
  formatTable,
  parseReportFormats,
  type ReportFormat,
  writeReports,
} from '@track/reporters';
import writeFileAtomic from 'write-file-atomic';
import { CliError, EXIT } from '../cli-error';
import { parseDuration } from '../run/duration';
import { credentialRedaction } from '../run/report-redaction';
import { type JournalEntry, newRunId, type ResourceJournal } from '../run/resource-journal';
import { type EngineConfig, newProgress, partsFor, runEngine, runStats } from '../run/run-engine';
import { ownSignals } from '../run/signals';
import { StatusLine, totalsOf } from '../run/status-line';
import { runInThreads, splitAcrossThreads, type ThreadedRun } from '../run/thread-pool';
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
  faultProfile?: string;
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
      : parseDuration(options.duration, '--duration', { minMs: 1 });
  const maxFailRate = number(options.maxFailRate, '--max-fail-rate', 0, 1);
  const seed = number(options.seed, '--seed', 0)!;
  // Below a second the stats lines would flood the terminal and the log.
  const reportIntervalMs = parseDuration(options.reportInterval, '--report-interval', { minMs: 1000 });
  const drainMs = parseDuration(options.drainTimeout, '--drain-timeout');
  const formats: ReportFormat[] = (() => {
    const names = options.report
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length === 0)
      throw new CliError(
        `--report must name at least one format of log,table,json,junit,html, got ${JSON.stringify(options.report)}`,
      );
    try {
      return parseReportFormats(names);
    } catch (error) {
      throw new CliError(`--report: ${(error as Error).message}`);
    }
  })();
  const threads = positiveInt(options.workers, '--workers') ?? 1;
  const extraWhitelist: string[] = (options.whitelist ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const fakeLatencyMs =
    options.fakeLatency === undefined ? undefined : number(options.fakeLatency, '--fake-latency', 0);
  const faultRate =
    options.faultRate === undefined ? undefined : number(options.faultRate, '--fault-rate', 0, 1);
  const faultProfile = fakeFaultProfile(options.faultProfile);
  const fakeTimeScale = number(options.fakeTimeScale, '--fake-time-scale', 0)!;
  const requestTimeoutMs =
    options.requestTimeout === undefined
      ? undefined
      : parseDuration(options.requestTimeout, '--request-timeout', { minMs: 1 });
  const pollIntervalMs =
    options.pollInterval === undefined
      ? undefined
      : parseDuration(options.pollInterval, '--poll-interval', { minMs: 1 });

  // Everything is validated before the output directory exists: a usage error leaves nothing behind
  // (the engine creates the directory once it is connected and the run starts).
  const runId = newRunId();
  const outDir = resolve(options.out ?? join('track-runs', runId));
  const config: EngineConfig = {
    target,
    targetOptions: {
      ...(options.cloud ? { cloud: options.cloud } : {}),
      ...(options.flavor ? { flavor: options.flavor } : {}),
      ...(options.image ? { image: options.image } : {}),
      ...(options.network ? { network: options.network } : {}),
      seed,
      ...(fakeLatencyMs ? { fakeLatencyMs } : {}),
      ...(faultRate ? { faultRate } : {}),
      ...(faultProfile ? { faultProfile } : {}),
      fakeTimeScale,
      concurrency,
      ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
      ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
    },
    concurrency,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(iterations !== undefined ? { iterations } : {}),
    stopOnError: options.stopOnError === true,
    seed,
    extraWhitelist,
    runId,
    outDir,
    thread: 0,
  };
  const parts = partsFor(target, concurrency); // validates the scenario or file before anything starts
  const totalWorkers = parts.reduce((n, p) => n + p.workers, 0);
  const shares =
    threads > 1
      ? splitAcrossThreads(
          parts.map((p) => p.workers),
          threads,
          iterations,
        )
      : undefined;
  if (
    (options.cloud || environmentHasCloud(process.env)) &&
    (options.fakeLatency || options.faultRate || options.faultProfile)
  ) {
    process.stderr.write(
      `cinder-stress: warning: ${[options.fakeLatency && '--fake-latency', options.faultRate && '--fault-rate', options.faultProfile && '--fault-profile'].filter(Boolean).join(' and ')} only shape the embedded fake cloud; ignored on ${options.cloud ? `--cloud ${options.cloud}` : 'the OS_* cloud'}\n`,
    );
  }
  const announce = (description: string) => {
    process.stderr.write(
      `cinder-stress: run ${runId}: ${target} on ${description}${threads > 1 ? ` (in ${threads} worker threads, each with its own connection${description.includes('embedded fake') ? ' and its own embedded fake cloud' : ''})` : ''}\n`,
    );
    process.stderr.write(
      `cinder-stress: ${parts.map((p) => `${p.scenario.name} x${p.workers}`).join(', ')}; ${durationMs !== undefined ? `for ${options.duration ?? `${durationMs / 1000}s`}` : `${iterations} iterations`}; reports in ${outDir}\n`,
    );
  };

  // Credentials never appear in what the run prints or writes, whatever an error message carried.
  const redact = await credentialRedaction(options.cloud);
  const progress = newProgress();
  const stopController = new AbortController();
  const abortController = new AbortController();
  let stats = runStats();
  let journal: ResourceJournal | undefined;
  let threaded: ThreadedRun | undefined;
  const pendingNow = () => (threaded ? threaded.pending() : (journal?.pending() ?? []));
  let interruptedBy: NodeJS.Signals | undefined;
  let drainTimer: NodeJS.Timeout | undefined;
  const releaseSignals = ownSignals({
    onFirst(signal) {
      interruptedBy = signal;
      process.stderr.write(
        `\ncinder-stress: ${signal}: no new iterations; letting in-flight ones finish (up to ${drainMs / 1000}s), then cleaning up. Press Ctrl-C again to exit now.\n`,
      );
      stopController.abort();
      threaded?.stop();
      drainTimer = setTimeout(() => {
        abortController.abort(new Error('drain timeout'));
        threaded?.abort();
      }, drainMs);
      drainTimer.unref();
    },
    onSecond(signal) {
      const left = pendingNow();
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

  const totals = () => (threaded ? threaded.totals() : totalsOf(stats));
  const status = new StatusLine(totals, progress, {
    intervalMs: Math.min(reportIntervalMs, 10_000),
    ...(durationMs !== undefined ? { durationMs } : {}),
  });
  const periodic = setInterval(() => {
    void (threaded ? threaded.snapshot() : Promise.resolve(stats)).then((current) => {
      status.clear();
      process.stdout.write(formatLog(current, { program: 'cinder-stress', redact }));
    });
  }, reportIntervalMs);
  periodic.unref();

  let left: JournalEntry[];
  let cloudName: string;
  try {
    if (shares) {
      threaded = runInThreads(config, shares, new URL('./worker.js', import.meta.url), progress, announce);
      const result = await threaded.done;
      stats = result.stats;
      left = result.left;
      cloudName = result.cloudName;
    } else {
      const result = await runEngine(config, {
        stats,
        progress,
        stopSignal: stopController.signal,
        abortSignal: abortController.signal,
        journal: (j) => {
          journal = j;
        },
        onConnected: (description) => announce(description),
      });
      left = result.left;
      cloudName = result.cloudName;
    }
  } finally {
    clearInterval(periodic);
    status.stop();
    if (drainTimer) clearTimeout(drainTimer);
  }
  const endedAt = Date.now();
  if (left.length > 0) {
    writeFileAtomic.sync(
      join(outDir, 'orphans.json'),
      `${JSON.stringify({ runId, resources: left }, null, 2)}\n`,
    );
    process.stderr.write(
      `cinder-stress: ${left.length} resource(s) may be left, listed in ${join(outDir, 'orphans.json')}; remove them with: cinder-stress cleanup --run ${runId}\n`,
    );
  }

  process.stdout.write(formatLog(stats, { program: 'cinder-stress', redact }));
  process.stdout.write(`\n${formatTable(stats, { redact })}`);
  const meta = {
    scenario: target,
    startedAt: progress.startedAt,
    endedAt,
    concurrency: totalWorkers,
    cloudName,
    toolVersions: TOOL_VERSIONS,
  };
  const written = await writeReports(stats, { formats, outDir, meta, program: 'cinder-stress', redact });
  const { pass, fail } = totalsOf(stats);
  const failRate = pass + fail === 0 ? 0 : fail / (pass + fail);
  const iterationsEnded = progress.iterationsPassed + progress.iterationsFailed;
  const iterationFailRate = iterationsEnded === 0 ? 0 : progress.iterationsFailed / iterationsEnded;
  process.stdout.write(
    `\nrun ${runId}: ${progress.iterationsPassed} iterations passed, ${progress.iterationsFailed} failed; ${pass} calls passed, ${fail} failed (${(100 * failRate).toFixed(2)}%)${progress.stoppedBy ? `; stopped by ${progress.stoppedBy}` : ''}\n`,
  );
  for (const [message, count] of [...progress.iterationErrors].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
    process.stdout.write(`  ${count}x ${message}\n`);
  }
  process.stdout.write(`reports: ${written.join(', ')}\n`);
  releaseSignals();

  if (interruptedBy) return interruptedBy === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  if (maxFailRate !== undefined) {
    // The SLA holds both for calls and for iterations: an iteration can fail with no failed call
    // (a whitelisted method's failure, a scenario's own check), and that must breach it too.
    const breaches = [
      ...(failRate > maxFailRate ? [`call fail rate ${(100 * failRate).toFixed(2)}%`] : []),
      ...(iterationFailRate > maxFailRate
        ? [`iteration fail rate ${(100 * iterationFailRate).toFixed(2)}%`]
        : []),
    ];
    if (breaches.length > 0) {
      process.stderr.write(
        `cinder-stress: SLA breached: ${breaches.join(' and ')} > --max-fail-rate ${(100 * maxFailRate).toFixed(2)}%\n`,
      );
      return EXIT.failures;
    }
    process.stdout.write(
      `SLA met: call fail rate ${(100 * failRate).toFixed(2)}% and iteration fail rate ${(100 * iterationFailRate).toFixed(2)}% <= --max-fail-rate ${(100 * maxFailRate).toFixed(2)}%: exit 0\n`,
    );
    return EXIT.ok;
  }
  return fail > 0 || progress.iterationsFailed > 0 ? EXIT.failures : EXIT.ok;
}

/** The `--fault-profile` name, checked against the fake's profiles (a usage error naming them). */
function fakeFaultProfile(name: string | undefined): FaultProfileName | undefined {
  if (name === undefined) return undefined;
  if (!(FAULT_PROFILES as readonly string[]).includes(name)) {
    throw new CliError(
      `--fault-profile must be one of ${FAULT_PROFILES.join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
  return name as FaultProfileName;
}
