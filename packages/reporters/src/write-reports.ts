import { join, resolve } from 'node:path';
import { describeWriteFailure, writeFileAtomic } from './atomic-file';
import { type ReportFileFailure, ReportWriteError, UnknownReportFormat } from './errors';
import { toHtml } from './html-format';
import { formatJsonReport, type RedactOptions, redactMeta, redactStats } from './json-report';
import { type JUnitOptions, toJUnit } from './junit-format';
import { formatLog } from './log-format';
import { makeDirectorySync } from './make-directory';
import type { ReportInput, ReportMeta } from './report-input';
import { formatTable } from './table-format';

/** Report formats {@link writeReports} writes. */
export const REPORT_FORMATS = ['log', 'table', 'json', 'junit', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const FILE_NAMES: Record<ReportFormat, string> = {
  log: 'stats.log',
  table: 'summary.txt',
  json: 'report.json',
  junit: 'junit.xml',
  html: 'report.html',
};

/** Checks a list of format names (e.g. from `--report log,json`), throwing on an unknown one. */
export function parseReportFormats(names: readonly string[]): ReportFormat[] {
  return names.map((name) => {
    // Callers from plain JavaScript or a parsed config file may pass anything.
    if (typeof name !== 'string') throw new UnknownReportFormat(String(name), REPORT_FORMATS);
    const format = name.trim().toLowerCase();
    if (!(REPORT_FORMATS as readonly string[]).includes(format))
      throw new UnknownReportFormat(name, REPORT_FORMATS);
    return format as ReportFormat;
  });
}

/** Options of {@link renderReport}: what makes the output reproducible, and what it must not show. */
export interface RenderOptions extends RedactOptions {
  /** Run metadata (scenario, start and end, concurrency, cloud name, tool versions). */
  meta?: ReportMeta;
  /** Time stamped on the log lines (default: now). */
  now?: Date | number;
  /** Process id shown on the log lines (default: `process.pid`). */
  pid?: number;
  /** Program name shown on the log lines (default `track`). */
  program?: string;
  /** Options of the JUnit file (size budget, failure text per testcase). */
  junit?: Omit<JUnitOptions, 'redact'>;
}

/** Options of {@link writeReports}. */
export interface WriteReportsOptions extends RenderOptions {
  /** Formats to write, each to its own file. */
  formats: readonly ReportFormat[];
  /** Directory of the files (created when missing). */
  outDir: string;
}

/**
 * The text of one format. Given the same input, `now` and `pid`, the output is the same byte for
 * byte; `redact` is applied to every text taken from the statistics and the meta.
 */
export function renderReport(format: ReportFormat, input: ReportInput, options: RenderOptions = {}): string {
  const redact = options.redact;
  const meta = options.meta ?? {};
  switch (format) {
    case 'log':
      return formatLog(input, {
        now: options.now ?? Date.now(),
        program: options.program ?? 'track',
        ...(options.pid !== undefined ? { pid: options.pid } : {}),
        ...(redact ? { redact } : {}),
      });
    case 'table':
      return formatTable(input, { color: false, ...(redact ? { redact } : {}) });
    case 'json':
      return formatJsonReport(input, meta, redact ? { redact } : {});
    case 'junit':
      return toJUnit(input, meta, { ...options.junit, ...(redact ? { redact } : {}) });
    case 'html':
      // The HTML formatter takes no redaction of its own: it is given redacted statistics and meta.
      return toHtml(redactStats(input, redact), redactMeta(meta, redact));
  }
}

/**
 * Writes each format to `outDir` (created when missing): `stats.log`, `summary.txt`, `report.json`,
 * `junit.xml`, `report.html`. Each file is complete or absent: it is written to a temp file in the
 * same directory, checked (every byte written, size and content read back), fsynced and renamed, and
 * the directory is fsynced; a file that cannot be written keeps its previous content (or stays
 * absent) and its temp file is removed. A file that fails does not stop the others. Returns the
 * written paths when all were written; otherwise throws a ReportWriteError listing each file (or the
 * directory) that failed and why (`ENOSPC (no space left on device)`, `EROFS (read-only file
 * system)`...), with the files written all the same in `written`. An unknown format is an
 * UnknownReportFormat, thrown before anything is written. Pass `now` and `pid` for reproducible
 * files, and `redact` (e.g. the HTTP layer's secret registry) so no secret reaches a file.
 */
export async function writeReports(input: ReportInput, options: WriteReportsOptions): Promise<string[]> {
  // Checked before anything is written: a bad name in the list must not leave some reports behind.
  const formats = parseReportFormats(options.formats);
  const outDir = resolve(options.outDir);
  try {
    makeDirectorySync(outDir);
  } catch (error) {
    throw new ReportWriteError([failureOf(outDir, error)], [], { cause: error });
  }
  // One time for every file, and the secrets redacted once for all formats.
  const now = options.now ?? Date.now();
  const source = redactStats(input, options.redact);
  const { redact: _redacted, ...rest } = options;
  const renderOptions: RenderOptions = { ...rest, meta: redactMeta(options.meta ?? {}, options.redact), now };
  const written: string[] = [];
  const failures: ReportFileFailure[] = [];
  let firstError: unknown;
  for (const format of formats) {
    const path = join(outDir, FILE_NAMES[format]);
    const text = renderReport(format, source, renderOptions);
    try {
      await writeFileAtomic(path, text);
      written.push(path);
    } catch (error) {
      firstError ??= error;
      failures.push(failureOf(path, error));
    }
  }
  if (failures.length > 0) throw new ReportWriteError(failures, written, { cause: firstError });
  return written;
}

function failureOf(path: string, error: unknown): ReportFileFailure {
  const errno = (error as NodeJS.ErrnoException)?.code;
  return { path, ...(typeof errno === 'string' ? { errno } : {}), reason: describeWriteFailure(error) };
}
