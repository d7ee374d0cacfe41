import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanEnv, runCommand } from './cli-harness';

const ROOT = resolve(__dirname, '..', '..', '..');
let kept: string | undefined;
const scratch: string[] = [];

afterAll(() => {
  for (const dir of [...scratch, ...(kept ? [kept] : [])]) rmSync(dir, { recursive: true, force: true });
});

describe('@track/cinder-stress as published', () => {
  test('packed and installed without the repository, its bin runs a scenario on the fake from an empty directory', {
    timeout: 600_000,
  }, async () => {
    // The repository's packaging check packs every publishable package, installs the tarballs into
    // an empty project and runs `npx cinder-stress --help` there; --keep leaves that project.
    const report = join(mkdtempSync(join(tmpdir(), 'track-packed-report-')), 'packed.json');
    const check = await runCommand(
      'npx',
      ['-y', 'pnpm@10.34.8', 'check:packed', '--keep', '--report', report],
      cleanEnv(),
      540_000,
      ROOT,
    );
    kept = /kept (\S+)/.exec(check.stdout)?.[1];
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const results = JSON.parse(readFileSync(report, 'utf8')) as { failed: unknown[] };
    expect(results.failed).toEqual([]);
    expect(check.stdout).toContain('ok   @track/cinder-stress: npx cinder-stress --help');
    const consumer = join(kept!, 'consumer');
    const empty = mkdtempSync(join(tmpdir(), 'cinder-stress-empty-'));
    const run = await runCommand(
      join(consumer, 'node_modules', '.bin', 'cinder-stress'),
      [
        'run',
        'volume-create-delete',
        '--iterations',
        '6',
        '--concurrency',
        '2',
        '--report',
        'json',
        '--out',
        'out',
      ],
      cleanEnv(),
      120_000,
      empty,
    );
    expect(run.code, run.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(empty, 'out', 'report.json'), 'utf8'));
    expect(written.totals.pass).toBeGreaterThan(0);
    expect(written.meta.toolVersions['@track/cinder-stress']).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(join(empty, 'node_modules'))).toBe(false);
  });
});
