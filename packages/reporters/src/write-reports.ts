import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ReportWriteError, UnknownReportFormat } from './errors';
import { toHtml } from './html-format';
import { formatJsonReport } from './json-report';
import { toJUnit } from './junit-format';
import { formatLog } from './log-format';
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
    const format = name.trim().toLowerCase();
    if (!(REPORT_FORMATS as readonly string[]).includes(format))
      throw new UnknownReportFormat(name, REPORT_FORMATS);
    return format as ReportFormat;
  });
}

/** The text of one format. */
export function renderReport(
  format: ReportFormat,
  input: ReportInput,
  meta: ReportMeta = {},
  now: Date | number = Date.now(),
): string {
  switch (format) {
    case 'log':
      return formatLog(input, { now, program: meta.scenario === undefined ? 'track' : 'cinder-stress' });
    case 'table':
      return formatTable(input, { color: false });
    case 'json':
      return formatJsonReport(input, meta);
    case 'junit':
      return toJUnit(input, meta);
    case 'html':
      return toHtml(input, meta);
  }
}

/**
 * Writes each format to `outDir` (created when missing): `stats.log`, `summary.txt`, `report.json`,
 * `junit.xml`, `report.html`. Each file is written atomically (temp file in the same directory,
 * fsync, rename), so a crash leaves the old file or the new one, never half of one. Returns the
 * written paths; a directory or file that cannot be written is a ReportWriteError naming it.
 */
export async function writeReports(
  input: ReportInput,
  options: { formats: readonly ReportFormat[]; outDir: string; meta?: ReportMeta },
): Promise<string[]> {
  const outDir = resolve(options.outDir);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new ReportWriteError(
      outDir,
      `the directory cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { cause: error },
    );
  }
  const written: string[] = [];
  for (const format of options.formats) {
    const path = join(outDir, FILE_NAMES[format]);
    const text = renderReport(format, input, options.meta);
    try {
      await writeFileAtomic(path, text, { encoding: 'utf8', fsync: true });
    } catch (error) {
      throw new ReportWriteError(
        path,
        `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check that the directory is writable`,
        { cause: error },
      );
    }
    written.push(path);
  }
  return written;
}
