import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { outDir, runCli } from './cli-harness';

/** The per-method stats lines of `client:method` in the output. */
function statsLines(stdout: string, method: string): string[] {
  return stdout.split('\n').filter((l) => l.includes(`[${method}]`));
}

describe('run output', () => {
  test('the final per-method block is printed once, after in-flight iterations finished', async () => {
    // The periodic stats lines fall due at the end of the duration while iterations are in flight.
    const result = await runCli(
      [
        'run',
        'volume-create-delete',
        '--duration',
        '2s',
        '--report-interval',
        '2s',
        '--fake-latency',
        '300',
        '--report',
        'log',
        '--out',
        outDir(),
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(statsLines(result.stdout, 'VolumesClient:createVolume')).toHaveLength(1);
  }, 60_000);

  test('the headline counts HTTP requests at the transport beside traced calls, each labelled', async () => {
    const out = outDir();
    const result = await runCli(
      [
        'run',
        'volume-create-delete',
        '--iterations',
        '6',
        '--concurrency',
        '2',
        '--report',
        'json',
        '--report-interval',
        '1s',
        '--fake-latency',
        '100',
        '--out',
        out,
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const count = (method: string) => {
      const m = report.stats.methods.find((x: { method: string }) => x.method === method);
      return m ? m.pass + m.fail : 0;
    };
    // Each HTTP request is one createVolume, getVolume or deleteVolume call; the waiters
    // (waitForVolumeStatus, isResourceDeleted, waitForResourceDeletion) are traced calls around them.
    const requests = count('createVolume') + count('getVolume') + count('deleteVolume');
    const calls = report.totals.pass + report.totals.fail;
    expect(calls).toBeGreaterThan(requests);
    expect(report.meta.httpRequests).toEqual({ sent: requests, failed: 0 });
    expect(report.meta.runId).toMatch(/^\w+$/);
    expect(result.stdout).toMatch(
      new RegExp(
        `; ${requests} HTTP requests \\(0 failed, 0%\\), [\\d.]+ requests/s; ${calls} traced calls \\(0 failed, 0%\\)`,
      ),
    );
    expect(result.stderr).toMatch(
      /progress: \d+s elapsed, \d+ iterations \(0 failed\), \d+ HTTP requests\/s, \d+ HTTP requests \(0 failed\), \d+ traced calls \(0 failed\)/,
    );
  }, 60_000);

  test('the drain timeout applies at the end of --duration: in-flight iterations are abandoned, not waited for', async () => {
    const started = Date.now();
    const result = await runCli(
      [
        'run',
        'volume-create-delete',
        '--fake-latency',
        '20000',
        '--duration',
        '3s',
        '--drain-timeout',
        '2s',
        '--report',
        'json',
        '--out',
        outDir(),
      ],
      { timeoutMs: 19_000 },
    );
    // 3 s of duration, 2 s of drain, 2 s of end-of-run cleanup, and slack for a loaded machine:
    // well under one 20 s call.
    expect(Date.now() - started).toBeLessThan(19_000);
    expect(result.stdout).toContain('stopped by duration, 4 iterations abandoned after the drain timeout');
    expect(result.code).not.toBe(0);
  }, 30_000);
});

describe('scenario files that would exhaust memory exit 2 naming the cap', () => {
  test('YAML alias expansion ("billion laughs") names the file and the limit', async () => {
    const dir = outDir();
    const file = join(dir, 'laughs.yaml');
    let text = 'a0: &a0 [{ action: list-and-get }]\n';
    for (let i = 1; i <= 9; i++)
      text += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    writeFileSync(file, `${text}actions: *a9\n`);
    const result = await runCli(['run', file, '--iterations', '1'], { cwd: dir, timeoutMs: 60_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: YAML aliases expand beyond the limit of 100 (maxAliasCount)`);
    expect(result.stderr).not.toContain('    at ');
  }, 60_000);

  test('a file of 400,000 actions names the cap', async () => {
    const dir = outDir();
    const file = join(dir, 'many.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: 400_000 }, () => ({ action: 'list-and-get' }))));
    const result = await runCli(['run', file, '--iterations', '1'], { cwd: dir, timeoutMs: 60_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${file}: .* above the cap of`));
  }, 60_000);

  test('more threads in all than the cap name the cap', async () => {
    const dir = outDir();
    const file = join(dir, 'threads.json');
    writeFileSync(
      file,
      JSON.stringify(Array.from({ length: 3 }, () => ({ action: 'list-and-get', threads: 5000 }))),
    );
    const result = await runCli(['run', file, '--iterations', '1'], { cwd: dir, timeoutMs: 60_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: 15000 threads in all are above the cap of 10000 threads`);
  }, 60_000);
});

describe('--help', () => {
  test('says what each exit code means, on every command', async () => {
    for (const command of [[], ['run'], ['merge'], ['cleanup']]) {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      for (const line of [
        /^\s+0 {2}OK/m,
        /^\s+1 {2}calls or iterations failed/m,
        /^\s+2 {2}usage or configuration error/m,
        /^\s+3 {2}a report or the resource journal could not be written/m,
        /^\s+4 {2}cleanup left resources/m,
        /^\s*130 {2}stopped by SIGINT/m,
        /^\s*143 {2}stopped by SIGTERM/m,
      ])
        expect(result.stdout, command.join(' ')).toMatch(line);
    }
  });

  test('names --concurrency concurrent iterations and --workers worker threads', async () => {
    const result = await runCli(['run', '--help']);
    expect(result.stdout).toMatch(/--concurrency <n>\s+concurrent iterations/);
    expect(result.stdout).toMatch(/--workers <n>\s+worker threads/);
    expect(result.stdout).not.toMatch(/parallel workers/);
  });
});
