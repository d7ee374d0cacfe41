import { readFileSync } from 'node:fs';
import { InvalidStatsJson, parseStatsJson, type StatsJSON } from '@track/core';
import { JSON_REPORT_SCHEMA_VERSION } from '@track/reporters';
import { CliError } from '../../cli-error';

/** A run report read for `merge`: what the merged report takes from it. */
export interface ReportDocument {
  file: string;
  stats: StatsJSON;
  /** The runs this report holds: its own run id, or the ids a merged report lists. */
  runIds: string[];
  startedAt?: number;
  endedAt?: number;
  concurrency?: number;
  httpRequests?: { sent: number; failed: number };
}

type Json = Record<string, unknown>;

/** What a JSON value is, for messages. */
function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Every count of a statistics document (or a report's totals): path and value, so each is checked
 * to be a safe integer (above 2^53 - 1 a count is no longer exact, and sums of such counts are wrong).
 */
function* countsOf(stats: StatsJSON): Generator<[string, number]> {
  for (const [i, m] of stats.methods.entries()) {
    const at = `stats.methods[${i}]`;
    yield [`${at}.pass`, m.pass];
    yield [`${at}.fail`, m.fail];
    yield [`${at}.retries`, m.retries];
    yield [`${at}.droppedFailures`, m.droppedFailures];
    if (m.maxFailureTraces !== undefined) yield [`${at}.maxFailureTraces`, m.maxFailureTraces];
    yield [`${at}.latency.count`, m.latency.count];
    for (const [key, n] of Object.entries(m.latency.buckets)) yield [`${at}.latency.buckets.${key}`, n];
    for (const [j, f] of m.failures.entries()) yield [`${at}.failures[${j}].count`, f.count];
  }
  for (const [i, b] of (stats.timeline?.buckets ?? []).entries()) {
    yield [`stats.timeline.buckets[${i}].pass`, b.pass];
    yield [`stats.timeline.buckets[${i}].fail`, b.fail];
  }
}

/** `value` as a safe non-negative integer, else an error naming the file and field. */
function safeCount(file: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new CliError(
      `${file}: ${field} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${kind(value)}`,
      undefined,
      'MERGE_INVALID_REPORT',
    );
  return value;
}

function optionalObject(file: string, field: string, value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new CliError(
      `${file}: ${field} must be an object, got ${kind(value)}`,
      undefined,
      'MERGE_INVALID_REPORT',
    );
  return value as Json;
}

function optionalTime(file: string, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new CliError(
      `${file}: ${field} must be an ISO date-time, got ${kind(value)}`,
      undefined,
      'MERGE_INVALID_REPORT',
    );
  return ms;
}

/**
 * Reads one `report.json` for `merge` and checks it: a JSON report object of a schemaVersion this
 * tool reads (a bare statistics document is refused: it carries no run id), its statistics valid,
 * every count a safe integer and its totals the sum of its methods. Every error is a usage error
 * (exit 2) naming the file and the field.
 */
export function readReportDocument(file: string): ReportDocument {
  function invalid(message: string): never {
    throw new CliError(`${file}: ${message}`, undefined, 'MERGE_INVALID_REPORT');
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      undefined,
      'MERGE_UNREADABLE',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    invalid(`not a JSON report (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    invalid(`the document must be a JSON report object, got ${kind(value)}`);
  const doc = value as Json;
  if (doc.schemaVersion === undefined && 'methods' in doc && 'version' in doc)
    invalid(
      `a bare statistics document (Stats version ${kind(doc.version)}), not a report.json: merge takes the report.json files runs write (they carry the run id)`,
    );
  if (doc.schemaVersion !== JSON_REPORT_SCHEMA_VERSION)
    invalid(
      `schemaVersion ${kind(doc.schemaVersion)} is not one this cinder-stress reads (it reads schemaVersion ${JSON_REPORT_SCHEMA_VERSION})`,
    );
  if (doc.stats === undefined) invalid('stats is missing');
  let stats: StatsJSON;
  try {
    stats = parseStatsJson(doc.stats);
  } catch (error) {
    if (error instanceof InvalidStatsJson) invalid(`stats: ${error.message}`);
    throw error;
  }
  for (const [field, n] of countsOf(stats)) safeCount(file, field, n);
  const totals = optionalObject(file, 'totals', doc.totals);
  if (totals !== undefined) {
    const methods = stats.methods;
    const expected = {
      methods: methods.length,
      pass: methods.reduce((n, m) => n + m.pass, 0),
      fail: methods.reduce((n, m) => n + m.fail, 0),
    };
    for (const key of ['methods', 'pass', 'fail'] as const) {
      const n = safeCount(file, `totals.${key}`, totals[key]);
      if (n !== expected[key])
        invalid(`totals.${key} is ${n} but the statistics hold ${expected[key]}: the report is inconsistent`);
    }
  }
  const meta = optionalObject(file, 'meta', doc.meta) ?? {};
  const runIds: string[] = [];
  if (meta.runId !== undefined) {
    if (typeof meta.runId !== 'string' || meta.runId === '')
      invalid(`meta.runId must be a run id, got ${kind(meta.runId)}`);
    runIds.push(meta.runId as string);
  }
  if (meta.runIds !== undefined) {
    if (!Array.isArray(meta.runIds) || meta.runIds.some((id) => typeof id !== 'string' || id === ''))
      invalid(`meta.runIds must be a list of run ids, got ${kind(meta.runIds)}`);
    runIds.push(...(meta.runIds as string[]));
  }
  const out: ReportDocument = { file, stats: stats, runIds };
  const startedAt = optionalTime(file, 'meta.startedAt', meta.startedAt);
  const endedAt = optionalTime(file, 'meta.endedAt', meta.endedAt);
  if (startedAt !== undefined) out.startedAt = startedAt;
  if (endedAt !== undefined) out.endedAt = endedAt;
  if (meta.concurrency !== undefined) out.concurrency = safeCount(file, 'meta.concurrency', meta.concurrency);
  const requests = optionalObject(file, 'meta.httpRequests', meta.httpRequests);
  if (requests !== undefined)
    out.httpRequests = {
      sent: safeCount(file, 'meta.httpRequests.sent', requests.sent),
      failed: safeCount(file, 'meta.httpRequests.failed', requests.failed),
    };
  return out;
}
