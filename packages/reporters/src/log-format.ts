import type { InfoLogger } from '@track/core';
import { type ReportInput, toReportData } from './report-input';

/** Options of the oslo-style line writer. */
export interface LogFormatOptions {
  /** Timestamp of the lines (default: now). */
  now?: Date | number;
  /** Process id shown (default: `process.pid`). */
  pid?: number;
  /** Program name (default `cinder-stress`). */
  program?: string;
}

/** `[VolumesClient:getVolume] 6225 pass, 0 fail`, one per method, sorted by client then method. */
export function formatStatsLines(input: ReportInput): string[] {
  return toReportData(input).methods.map((m) => `[${m.client}:${m.method}] ${m.pass} pass, ${m.fail} fail`);
}

/**
 * The seed's log lines in oslo.log's format:
 * `2026-11-25 15:23:40.729 12273 INFO cinder-stress [-] [VolumesClient:getVolume] 6225 pass, 0 fail`.
 */
export function formatLog(input: ReportInput, options: LogFormatOptions = {}): string {
  const prefix = `${osloTimestamp(options.now ?? Date.now())} ${options.pid ?? process.pid} INFO ${options.program ?? 'cinder-stress'} [-]`;
  return formatStatsLines(input)
    .map((line) => `${prefix} ${line}\n`)
    .join('');
}

/** Writes the stats lines through `logger.info` (any logger: console, pino, ...). */
export function logStats(input: ReportInput, logger: InfoLogger): void {
  for (const line of formatStatsLines(input)) logger.info(line);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in local time, as oslo.log writes it. */
export function osloTimestamp(at: Date | number): string {
  const d = at instanceof Date ? at : new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
