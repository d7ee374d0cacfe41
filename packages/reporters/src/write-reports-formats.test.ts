import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReportWriteError, UnknownReportFormat } from './errors';
import { toHtml } from './html-format';
import { toJsonReport } from './json-report';
import { toJUnit } from './junit-format';
import { FIXED_DOC, FIXED_META } from './test-support/sample-stats';
import { parseReportFormats, type ReportFormat, writeReports } from './write-reports';

describe('determinism and writing', () => {
  test('the same input renders the same output', () => {
    for (const render of [
      () => toJUnit(FIXED_DOC, FIXED_META),
      () => toHtml(FIXED_DOC, FIXED_META),
      () => JSON.stringify(toJsonReport(FIXED_DOC, FIXED_META)),
    ]) {
      expect(render()).toBe(render());
    }
  });

  test('writeReports writes every format atomically into a created directory', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'reports-')), 'nested', 'dir');
    const paths = await writeReports(FIXED_DOC, {
      formats: ['log', 'table', 'json', 'junit', 'html'],
      outDir: out,
      meta: FIXED_META,
    });
    expect(paths.map((p) => p.slice(out.length + 1))).toEqual([
      'stats.log',
      'summary.txt',
      'report.json',
      'junit.xml',
      'report.html',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).schemaVersion).toBe(1);
  });

  test('an unwritable target is a clear error naming the path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'reports-')), 'a-file');
    writeFileSync(file, 'x');
    const error = await writeReports(FIXED_DOC, { formats: ['json'], outDir: join(file, 'sub') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as ReportWriteError).path).toBe(join(file, 'sub'));
  });

  test('writeReports refuses an unknown format before writing any file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'reports-')), 'out');
    const formats = ['json', 'pdf'] as unknown as ReportFormat[];
    const error = await writeReports(FIXED_DOC, { formats, outDir: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownReportFormat);
    expect((error as UnknownReportFormat).format).toBe('pdf');
    expect((error as Error).message).toBe(
      'Unknown report format "pdf": use one of log, table, json, junit, html',
    );
    expect(existsSync(out)).toBe(false);
  });

  test('an unknown format name is refused with the known ones', () => {
    expect(() => parseReportFormats(['json', 'pdf'])).toThrow(UnknownReportFormat);
    expect(() => parseReportFormats(['pdf'])).toThrow(/log, table, json, junit, html/);
  });
});
