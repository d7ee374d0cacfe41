import { FAULT_PROFILES, type FaultProfileName } from '@track/fake-openstack';
import { parseReportFormats, type ReportFormat } from '@track/reporters';
import { CliError } from '../../cli-error';
import { type MetricsSettings, parseMetricsOptions } from '../../metrics/metrics-options';
import { parseDuration } from '../../run/duration';
import type { EngineConfig } from '../../run/run-engine';
import { parseRunId, resolveShard, type Shard, shardSeed } from '../../run/shard';

/** Options of `cinder-stress run`, as commander gives them. */
export interface RunCommandOptions {
  duration?: string;
  iterations?: string;
  /** Concurrent iterations. */
  concurrency: string;
  /** Worker threads. */
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
  metricsPort?: string;
  metricsHost?: string;
  metricsLinger?: string;
  shard?: string;
  shardCount?: string;
  runId?: string;
}

/** The validated settings of one `run`. */
export interface RunSettings {
  /** Scenario name or scenario file path. */
  target: string;
  /** Concurrent iterations (`--concurrency`). */
  concurrency: number;
  /** Worker threads (`--workers`, default 1: the main thread only). */
  threads: number;
  iterations?: number;
  durationMs?: number;
  /** `--duration` as given, for messages. */
  durationText?: string;
  maxFailRate?: number;
  /** `--seed`, spaced apart per shard (see `shardSeed`). */
  seed: number;
  reportIntervalMs: number;
  drainMs: number;
  formats: ReportFormat[];
  extraWhitelist: string[];
  stopOnError: boolean;
  cloud?: string;
  flavor?: string;
  image?: string;
  network?: string;
  fakeLatencyMs?: number;
  faultRate?: number;
  /** A fault profile of the embedded fake (`realistic`). */
  faultProfile?: FaultProfileName;
  fakeTimeScale: number;
  requestTimeoutMs?: number;
  pollIntervalMs?: number;
  /** `--out` as given. */
  out?: string;
  /** The `/metrics` endpoint (`--metrics-port`), if any. */
  metrics?: MetricsSettings;
  /** Which shard of a fleet this run is (`--shard`, `--shard-count`); shard 0 of 1 otherwise. */
  shard: Shard;
  /** The fleet's run id (`--run-id`); each run makes its own otherwise. */
  runId?: string;
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

function reportFormats(text: string): ReportFormat[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new CliError(
      `--report must name at least one format of log,table,json,junit,html, got ${JSON.stringify(text)}`,
    );
  try {
    return parseReportFormats(names);
  } catch (error) {
    throw new CliError(`--report: ${(error as Error).message}`);
  }
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

/** Checks every option of `run`; a bad one is a usage error (exit 2) naming it. */
export function parseRunOptions(target: string, options: RunCommandOptions): RunSettings {
  const iterations = positiveInt(options.iterations, '--iterations');
  const durationMs =
    options.duration === undefined
      ? iterations === undefined
        ? target === 'cho'
          ? 3_600_000
          : 60_000
        : undefined
      : parseDuration(options.duration, '--duration', { minMs: 1 });
  const shard = resolveShard(options);
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
  return {
    target,
    concurrency: positiveInt(options.concurrency, '--concurrency')!,
    threads: positiveInt(options.workers, '--workers') ?? 1,
    ...optional('iterations', iterations),
    ...optional('durationMs', durationMs),
    ...optional('durationText', options.duration),
    ...optional('maxFailRate', number(options.maxFailRate, '--max-fail-rate', 0, 1)),
    seed: shardSeed(number(options.seed, '--seed', 0)!, shard),
    // Below a second the stats lines would flood the terminal and the log.
    reportIntervalMs: parseDuration(options.reportInterval, '--report-interval', { minMs: 1000 }),
    drainMs: parseDuration(options.drainTimeout, '--drain-timeout'),
    formats: reportFormats(options.report),
    extraWhitelist: (options.whitelist ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    stopOnError: options.stopOnError === true,
    ...optional('cloud', options.cloud || undefined),
    ...optional('flavor', options.flavor || undefined),
    ...optional('image', options.image || undefined),
    ...optional('network', options.network || undefined),
    ...optional('fakeLatencyMs', number(options.fakeLatency, '--fake-latency', 0)),
    ...optional('faultRate', number(options.faultRate, '--fault-rate', 0, 1)),
    ...optional('faultProfile', fakeFaultProfile(options.faultProfile)),
    fakeTimeScale: number(options.fakeTimeScale, '--fake-time-scale', 0)!,
    ...optional(
      'requestTimeoutMs',
      options.requestTimeout === undefined
        ? undefined
        : parseDuration(options.requestTimeout, '--request-timeout', { minMs: 1 }),
    ),
    ...optional(
      'pollIntervalMs',
      options.pollInterval === undefined
        ? undefined
        : parseDuration(options.pollInterval, '--poll-interval', { minMs: 1 }),
    ),
    ...optional('out', options.out),
    ...optional('metrics', parseMetricsOptions(options)),
    shard,
    ...optional('runId', options.runId === undefined ? undefined : parseRunId(options.runId)),
  };
}

/** The engine configuration of a run (the main thread's; worker threads get their share of it). */
export function engineConfigOf(settings: RunSettings, runId: string, outDir: string): EngineConfig {
  const s = settings;
  return {
    target: s.target,
    targetOptions: {
      ...(s.cloud ? { cloud: s.cloud } : {}),
      ...(s.flavor ? { flavor: s.flavor } : {}),
      ...(s.image ? { image: s.image } : {}),
      ...(s.network ? { network: s.network } : {}),
      seed: s.seed,
      ...(s.fakeLatencyMs ? { fakeLatencyMs: s.fakeLatencyMs } : {}),
      ...(s.faultRate ? { faultRate: s.faultRate } : {}),
      ...(s.faultProfile ? { faultProfile: s.faultProfile } : {}),
      fakeTimeScale: s.fakeTimeScale,
      concurrency: s.concurrency,
      ...(s.requestTimeoutMs !== undefined ? { requestTimeoutMs: s.requestTimeoutMs } : {}),
      ...(s.pollIntervalMs !== undefined ? { pollIntervalMs: s.pollIntervalMs } : {}),
    },
    concurrency: s.concurrency,
    ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
    ...(s.iterations !== undefined ? { iterations: s.iterations } : {}),
    drainMs: s.drainMs,
    stopOnError: s.stopOnError,
    seed: s.seed,
    extraWhitelist: s.extraWhitelist,
    runId,
    outDir,
    thread: 0,
  };
}
