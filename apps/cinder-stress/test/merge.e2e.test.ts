import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { outDir, runCli } from './cli-harness';

/** One real report.json, written once by a short run. */
let reportFile: string;
let report: Record<string, any>;

beforeAll(async () => {
  const out = outDir();
  const result = await runCli([
    'run',
    'volume-create-delete',
    '--iterations',
    '2',
    '--out',
    out,
    '--report',
    'json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  reportFile = join(out, 'report.json');
  report = JSON.parse(readFileSync(reportFile, 'utf8'));
}, 60_000);

/** Writes `document` (or text) to a fresh file and returns its path. */
function fileWith(document: unknown, name = 'report.json'): string {
  const file = join(outDir(), name);
  writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document));
  return file;
}

async function merge(...args: string[]) {
  return runCli(['merge', ...args, '--out', outDir(), '--report', 'json'], { timeoutMs: 60_000 });
}

describe('merge checks every report and names the file and the field', () => {
  test('an unknown schemaVersion names the file and the version', async () => {
    const file = fileWith({ ...report, schemaVersion: 7 });
    const result = await merge(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: schemaVersion 7 is not one this cinder-stress reads`);
  });

  test('a bare statistics document names the file and its version', async () => {
    const file = fileWith(report.stats);
    const result = await merge(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}: a bare statistics document (Stats version 1), not a report.json`,
    );
  });

  test.each([
    ['a null document', null, 'the document must be a JSON report object, got null'],
    [
      'null stats',
      (r: Record<string, any>) => ({ ...r, stats: null }),
      'stats: Invalid statistics document: (document) must be an object, got null',
    ],
    ['null meta', (r: Record<string, any>) => ({ ...r, meta: null }), 'meta must be an object, got null'],
    [
      'a bad method count',
      (r: Record<string, any>) => ({
        ...r,
        stats: { ...r.stats, methods: [{ ...r.stats.methods[0], pass: -1 }] },
      }),
      'methods[0].pass',
    ],
  ])(
    '%s names the file and the field, not "Cannot read properties of null"',
    async (_name, change, message) => {
      const file = fileWith(typeof change === 'function' ? change(report) : change);
      const result = await merge(file);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${file}: `);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('Cannot read properties');
    },
  );

  test('counts that are not safe integers are refused, naming the file and field', async () => {
    const unsafe = structuredClone(report);
    unsafe.stats.methods[0].pass = 2 ** 60;
    unsafe.totals.pass = unsafe.stats.methods.reduce((n: number, m: { pass: number }) => n + m.pass, 0);
    const file = fileWith(unsafe);
    const result = await merge(file);
    expect(result.code).toBe(2);
    // @track/core's parser refuses the statistics first; the message names the file and the field.
    expect(result.stderr).toContain(`${file}: stats: Invalid statistics document: methods[0].pass must be`);
    expect(result.stderr).toContain('safe integer');
  });

  test('the same run twice is refused naming both files; --allow-same merges it anyway', async () => {
    const copy = fileWith(report, 'copy.json');
    const refused = await merge(reportFile, copy);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${copy}: run ${report.meta.runId} is already in ${reportFile}`);
    const allowed = await merge(reportFile, copy, '--allow-same');
    expect(allowed.code, allowed.stderr).toBe(0);
  });

  test('a merged report lists the runs it holds, so merging it with one of them is refused', async () => {
    const second = outDir();
    await runCli(['run', 'volume-create-delete', '--iterations', '1', '--out', second, '--report', 'json']);
    const mergedDir = outDir();
    const merged = await runCli([
      'merge',
      reportFile,
      join(second, 'report.json'),
      '--out',
      mergedDir,
      '--report',
      'json',
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(mergedDir, 'report.json'), 'utf8'));
    expect(doc.meta.runIds).toHaveLength(2);
    expect(doc.meta.scenario).toBe('merge of 2 reports');
    const again = await merge(join(mergedDir, 'report.json'), reportFile);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`run ${report.meta.runId} is already in`);
  }, 60_000);

  test('a merge of one report is named "merge of 1 report" in the JSON and the HTML header', async () => {
    const mergedDir = outDir();
    const merged = await runCli(['merge', reportFile, '--out', mergedDir, '--report', 'json,html'], {
      timeoutMs: 60_000,
    });
    expect(merged.code, merged.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(mergedDir, 'report.json'), 'utf8'));
    expect(doc.meta.scenario).toBe('merge of 1 report');
    const html = readFileSync(join(mergedDir, 'report.html'), 'utf8');
    expect(html).toContain('merge of 1 report');
    expect(html).not.toMatch(/merge of 1 (reports|runs)/);
  }, 60_000);
});
