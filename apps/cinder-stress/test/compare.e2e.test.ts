import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { outDir, runCli } from './cli-harness';

// Two runs of one scenario on the embedded fake: a clean baseline, and a current run whose cloud
// answers 500/503 to a third of the calls.
const baseline = join(outDir(), 'baseline');
const current = join(outDir(), 'current');

beforeAll(async () => {
  const runs = await Promise.all(
    [
      [baseline, '0'],
      [current, '0.3'],
    ].map(([out, faultRate]) =>
      runCli(
        [
          'run',
          'volume-create-delete',
          '--iterations',
          '30',
          '--concurrency',
          '3',
          '--fault-rate',
          faultRate!,
          '--report',
          'json',
          '--out',
          out!,
        ],
        { timeoutMs: 120_000 },
      ),
    ),
  );
  expect(runs[0]!.code, runs[0]!.stderr).toBe(0);
  expect(runs[1]!.code, runs[1]!.stderr).toBe(1);
}, 180_000);

const report = (dir: string) => join(dir, 'report.json');

describe('cinder-stress compare', () => {
  test('a run that fails more than its baseline crosses --max-fail-rate-increase: exit 1, the methods named', async () => {
    const result = await runCli([
      'compare',
      report(baseline),
      report(current),
      '--max-fail-rate-increase',
      '0.5pp',
    ]);
    expect(result.code, result.stderr).toBe(1);
    const worse = result.stdout.split('\n').filter((line) => line.includes('WORSE: fail rate +'));
    expect(worse.length).toBeGreaterThan(0);
    expect(worse[0]).toMatch(/^VolumesClient\s+\w+\s+0%\s+\d+(\.\d+)?%\s+\+\d+(\.\d+)?pp/);
    expect(result.stdout).toMatch(/new: \d+x ServerFault/);
    expect(result.stdout).toMatch(/\d+ of \d+ methods got worse beyond the limits/);
  });

  test('within generous limits and without gating on new traces, the same runs pass: exit 0', async () => {
    const result = await runCli([
      'compare',
      report(baseline),
      report(current),
      '--max-fail-rate-increase',
      '100pp',
      '--no-fail-on-new-failures',
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('no method got worse beyond the limits');
  });

  test('a run compared with itself is no worse', async () => {
    const result = await runCli(['compare', report(current), report(current), '--max-p95-increase', '0%']);
    expect(result.code, result.stdout).toBe(0);
  });

  test('--json prints the comparison; --out writes it as JSON and as an HTML page', async () => {
    const out = outDir();
    const result = await runCli(['compare', report(baseline), report(current), '--json', '--out', out]);
    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout);
    expect(printed.isWorse).toBe(true);
    expect(printed.baseline).toBe(report(baseline));
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'))).toEqual(printed);
    const html = readFileSync(join(out, 'compare.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<tr class="worse">');
    expect(html).toContain('ServerFault');
    expect(html).not.toMatch(/<script/i);
  });

  test.each([
    ['a missing file', () => join(outDir(), 'missing.json'), /missing\.json: cannot read/],
    [
      'a file that is not JSON',
      () => {
        const file = join(outDir(), 'broken.json');
        writeFileSync(file, '{ not json');
        return file;
      },
      /broken\.json: not a JSON report/,
    ],
    [
      'a report without statistics',
      () => {
        const file = join(outDir(), 'empty.json');
        writeFileSync(file, JSON.stringify({ schemaVersion: 1, meta: {} }));
        return file;
      },
      /empty\.json: stats is missing/,
    ],
  ])('%s is a usage error naming the file: exit 2', async (_, file, message) => {
    const bad = file();
    const result = await runCli(['compare', report(baseline), bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('a limit without its unit is a usage error naming the option: exit 2', async () => {
    const result = await runCli(['compare', report(baseline), report(current), '--max-p95-increase', '20']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-p95-increase must be a rise in percent of the baseline, like 20%');
  });
});
