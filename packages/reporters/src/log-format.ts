import { formatMethodLine, type InfoLogger, terminalText } from '@track/core';
import { type RedactOptions, redactStats } from './json-report';
import { type ReportInput, toReportData } from './report-input';

/** Options of the oslo-style line writer. */
export interface LogFormatOptions extends RedactOptions {
  /** Timestamp of the lines (default: now). */
  now?: Date | number;
  /** Process id shown (default: `process.pid`). */
  pid?: number;
  /** Program name (default `track`). */
  program?: string;
}

/**
 * `[VolumesClient:getVolume] 6225 pass, 0 fail`, one per method, sorted by client then method: the
 * line `Stats.log` writes (`formatMethodLine` of `@track/core`), so a method that was retried also
 * says so (`..., 2 fail, 3 retries`) and a line is always one line with no control characters.
 */
export function formatStatsLines(input: ReportInput, options: RedactOptions = {}): string[] {
  return toReportData(redactStats(input, options.redact)).methods.map(formatMethodLine);
}

/**
 * The per-method lines in oslo.log's format:
 * `2026-11-25 15:23:40.729 12273 INFO cinder-stress [-] [VolumesClient:getVolume] 6225 pass, 0 fail`.
 * The time is local, as oslo.log writes it: pass `now` and `pid` for reproducible output.
 */
export function formatLog(input: ReportInput, options: LogFormatOptions = {}): string {
  const program = terminalText(options.program ?? 'track');
  const prefix = `${osloTimestamp(options.now ?? Date.now())} ${options.pid ?? process.pid} INFO ${program} [-]`;
  return formatStatsLines(input, options)
    .map((line) => `${prefix} ${line}\n`)
    .join('');
}

/** Writes the stats lines through `logger.info` (any logger: console, pino, ...). */
export function logStats(input: ReportInput, logger: InfoLogger, options: RedactOptions = {}): void {
  for (const line of formatStatsLines(input, options)) logger.info(line);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in local time, as oslo.log writes it. */
export function osloTimestamp(at: Date | number): string {
  const d = at instanceof Date ? at : new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
