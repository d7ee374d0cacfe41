import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI, cleanEnv, finished, outDir, runCli, runCommand, startCli, waitForOutput } from './cli-harness';

const SEED_LINE =
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ INFO cinder-stress \[-\] \[(\w+):(\w+)\] (\d+) pass, (\d+) fail$/;

function seedLines(stdout: string): { client: string; method: string; pass: number; fail: number }[] {
  return stdout
    .split('\n')
    .map((line) => SEED_LINE.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ client: m[1]!, method: m[2]!, pass: Number(m[3]), fail: Number(m[4]) }));
}

describe('cinder-stress run on the embedded fake cloud', () => {
  test('the cinder-stress mix prints seed-style lines for volumes, snapshots and servers, the table, and writes the reports', async () => {
    const out = outDir();
    const result = await runCli([
      'run',
      'cinder-stress',
      '--duration',
      '3s',
      '--concurrency',
      '6',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('embedded fake cloud');
    const lines = seedLines(result.stdout);
    const clients = new Set(lines.map((l) => l.client));
    for (const client of ['VolumesClient', 'SnapshotsClient', 'ServersClient'])
      expect(clients).toContain(client);
    expect(lines.find((l) => l.method === 'getVolume')!.pass).toBeGreaterThan(10);
    expect(result.stdout).toMatch(/client\s+method\s+pass\s+fail/);
    for (const file of [
      'report.json',
      'junit.xml',
      'report.html',
      'stats.log',
      'summary.txt',
      'journal.json',
    ])
      expect(existsSync(join(out, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'journal.json'), 'utf8')).resources).toEqual([]);
  });

  test('--workers spreads the run over worker threads and merges their statistics', async () => {
    const result = await runCli([
      'run',
      'volume-create-delete',
      '--iterations',
      '8',
      '--concurrency',
      '4',
      '--workers',
      '2',
      '--out',
      outDir(),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('in 2 worker threads');
    expect(seedLines(result.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(8);
  });

  test('--workers more than the parallel workers is a usage error', async () => {
    const result = await runCli(['run', '--concurrency', '2', '--workers', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--workers 3 is more than the 2 parallel workers/);
  });

  test('--iterations bounds the run', async () => {
    const result = await runCli([
      'run',
      'volume-create-delete',
      '--iterations',
      '5',
      '--concurrency',
      '2',
      '--out',
      outDir(),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(seedLines(result.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(5);
  });

  test('--fault-rate failures are counted, never a crash, and --max-fail-rate breaches exit 1', async () => {
    const result = await runCli([
      'run',
      'snapshot-create-delete',
      '--duration',
      '2s',
      '--fault-rate',
      '0.2',
      '--max-fail-rate',
      '0.01',
      '--out',
      outDir(),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SLA breached: fail rate [\d.]+% > --max-fail-rate 1.00%/);
    const lines = seedLines(result.stdout);
    expect(lines.reduce((n, l) => n + l.fail, 0)).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/\d+x ServerFault: /);
  });

  test('--stop-on-error stops at the first failed iteration', async () => {
    const result = await runCli([
      'run',
      'volume-create-delete',
      '--duration',
      '20s',
      '--fault-rate',
      '0.5',
      '--stop-on-error',
      '--out',
      outDir(),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('stopped by error');
  });

  test('--whitelist adds methods under which failures count as passes', async () => {
    // One worker and one seed: both runs make the same calls and meet the same faults.
    const args = [
      'run',
      'volume-create-delete',
      '--iterations',
      '40',
      '--concurrency',
      '1',
      '--fake-time-scale',
      '0',
      '--fault-rate',
      '0.2',
      '--seed',
      '3',
      '--out',
    ];
    const plain = seedLines((await runCli([...args, outDir()])).stdout).find(
      (l) => l.method === 'getVolume',
    )!;
    const whitelisted = seedLines(
      (await runCli([...args, outDir(), '--whitelist', 'waitForVolumeStatus,waitForResourceDeletion']))
        .stdout,
    ).find((l) => l.method === 'getVolume')!;
    expect(whitelisted.pass + whitelisted.fail).toBe(plain.pass + plain.fail);
    expect(plain.fail).toBeGreaterThan(0);
    expect(whitelisted.fail).toBeLessThan(plain.fail);
  });

  test('cho prints the stats lines every --report-interval and plain progress lines when not on a TTY', async () => {
    const result = await runCli([
      'run',
      'cho',
      '--duration',
      '3s',
      '--report-interval',
      '1s',
      '--out',
      outDir(),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const createLines = result.stdout.split('\n').filter((l) => l.includes('[VolumesClient:createVolume]'));
    expect(createLines.length).toBeGreaterThanOrEqual(3);
    expect(result.stderr).toMatch(
      /progress: \d+s elapsed, \d+ iterations \(0 failed\), \d+ calls\/s, \d+ pass, 0 fail, \d+s left/,
    );
  });

  test('volume-attach-verify attaches and detaches on a long-lived server and leaves nothing', async () => {
    const out = outDir();
    const result = await runCli([
      'run',
      'volume-attach-verify',
      '--iterations',
      '6',
      '--concurrency',
      '2',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = seedLines(result.stdout);
    expect(lines.find((l) => l.method === 'attachVolume')?.pass).toBe(6);
    expect(lines.find((l) => l.method === 'createServer')?.pass).toBe(2);
    expect(JSON.parse(readFileSync(join(out, 'journal.json'), 'utf8')).resources).toEqual([]);
  });

  test('within the SLA the run exits 0 even with failures, and still leaves nothing behind', async () => {
    const out = outDir();
    const args = [
      'run',
      'snapshot-create-delete',
      '--duration',
      '2s',
      '--fault-rate',
      '0.02',
      '--max-fail-rate',
      '0.5',
    ];
    const result = await runCli([...args, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(seedLines(result.stdout).reduce((n, l) => n + l.fail, 0)).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, 'journal.json'), 'utf8')).resources).toEqual([]);
    expect(existsSync(join(out, 'orphans.json'))).toBe(false);
  });
});

describe('usage errors exit 2 with a message naming the problem', () => {
  test.each([
    [['run', '--concurrency', 'zero'], /--concurrency must be a whole number/],
    [['run', '--duration', 'soon'], /--duration must be a duration/],
    [['run', 'no-such-scenario'], /Unknown scenario "no-such-scenario"/],
    [['run', '--report', 'pdf'], /--report: Unknown report format "pdf"/],
    [['run', '--max-fail-rate', '2'], /--max-fail-rate must be a number from 0 to 1/],
    [['run', '--bogus'], /unknown option '--bogus'/],
  ])('%j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('an invalid scenario file names the field and the line', async () => {
    const dir = outDir();
    const file = join(dir, 'scenario.yaml');
    writeFileSync(
      file,
      '- action: volume-create-delete\n  threads: 2\n- action: snapshot-create-delete\n  threads: 0\n',
    );
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:4: [1].threads:`);
  });

  test('a scenario file with an unknown action names it', async () => {
    const dir = outDir();
    const file = join(dir, 'scenario.json');
    writeFileSync(
      file,
      '[\n  {"action": "volume-create-delete", "threads": 1},\n  {"action": "fly-to-moon", "threads": 1}\n]\n',
    );
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3: [1].action: unknown scenario "fly-to-moon"`);
  });

  test('a broken OS_* environment names the variable', async () => {
    const result = await runCli(['run', '--duration', '1s'], {
      env: cleanEnv({ OS_AUTH_URL: 'http://127.0.0.1:9/identity/v3', OS_USERNAME: 'u' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/OS_PASSWORD/);
  });
});

describe('other commands', () => {
  test('on a terminal, a live status line is redrawn in place', async () => {
    // `script` gives the CLI a pseudo-terminal, as a person's shell would.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run volume-create-delete --duration 3s --out ${JSON.stringify(outDir())}`;
    const env = cleanEnv();
    delete env.CI;
    const result = await runCommand('script', ['-qfec', command, '/dev/null'], env);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(
      /\r\u001b\[2K\d+s elapsed, \d+ iterations \(0 failed\), \d+ calls\/s, \d+ pass, 0 fail, \d+s left/,
    );
  });

  test('scenarios lists every scenario with a description', async () => {
    const result = await runCli(['scenarios']);
    expect(result.code).toBe(0);
    for (const name of [
      'volume-create-delete',
      'volume-attach-delete',
      'volume-attach-verify',
      'snapshot-create-delete',
      'cinder-stress',
      'cho',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^${name}\\s+\\S`, 'm'));
    }
  });

  test('--help works on every command', async () => {
    for (const command of [[], ['run'], ['scenarios'], ['cleanup'], ['merge'], ['fake-cloud']]) {
      const result = await runCli([...command, '--help']);
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: cinder-stress');
    }
  });

  test('a scenario file runs its actions with their threads', async () => {
    const dir = outDir();
    const file = join(dir, 'scenario.json');
    writeFileSync(
      file,
      JSON.stringify([
        { action: 'volume-create-delete', threads: 2, kwargs: { size: 2 } },
        { action: 'list-and-get', threads: 1 },
      ]),
    );
    const result = await runCli(['run', file, '--duration', '1s', '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('volume-create-delete x2, list-and-get x1');
  });

  test('merge combines JSON reports from several hosts', async () => {
    const a = outDir();
    const b = outDir();
    const merged = outDir();
    await runCli(['run', 'volume-create-delete', '--iterations', '3', '--out', a, '--report', 'json']);
    await runCli(['run', 'volume-create-delete', '--iterations', '4', '--out', b, '--report', 'json']);
    const result = await runCli([
      'merge',
      join(a, 'report.json'),
      join(b, 'report.json'),
      '--out',
      merged,
      '--report',
      'json,junit',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(seedLines(result.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(7);
    expect(JSON.parse(readFileSync(join(merged, 'report.json'), 'utf8')).totals.methods).toBeGreaterThan(3);
  });

  test('merge of a file that is not a report names the file', async () => {
    const dir = outDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 1, "methods": [{"client": "A"}]}');
    const result = await runCli(['merge', bad, '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: Invalid statistics document: methods[0]`);
  });
});

describe('over real HTTP: fake-cloud, a second run using its OS_* lines, cleanup, signals', () => {
  async function serveFake(
    timeScale = '0.005',
  ): Promise<{ env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
    const server = startCli(['fake-cloud', '--port', '0', '--time-scale', timeScale]);
    await waitForOutput(server, (o) => o.stdout.includes('TRACK_NETWORK'));
    const env = cleanEnv();
    for (const line of server.out.stdout.trim().split('\n')) {
      const match = /^export ((?:OS|TRACK)_\w+)='(.*)'$/.exec(line);
      if (match) env[match[1]!] = match[2]!;
    }
    return {
      env,
      stop: async () => {
        server.kill('SIGTERM');
        const done = await finished(server, 10_000);
        expect(done.code).toBe(0);
        expect(done.stderr).toContain('fake cloud stopped (SIGTERM)');
      },
    };
  }

  test('fake-cloud prints export lines; a run over HTTP with them works; cleanup finds nothing left', async () => {
    const fake = await serveFake();
    expect(fake.env.OS_AUTH_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/identity\/v3$/);
    const run = await runCli(
      [
        'run',
        'volume-create-delete',
        '--duration',
        '2s',
        '--concurrency',
        '4',
        '--poll-interval',
        '20ms',
        '--out',
        outDir(),
      ],
      { env: fake.env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('OS_* environment');
    expect(seedLines(run.stdout).find((l) => l.method === 'createVolume')!.pass).toBeGreaterThan(5);
    const cleanup = await runCli(['cleanup', '--dry-run'], { env: fake.env });
    expect(cleanup.stdout).toContain('nothing to clean');
    await fake.stop();
  });

  test('SIGINT at random moments: exit 130, reports written, and the cloud holds none of our resources', async () => {
    const fake = await serveFake();
    for (const delayMs of [300, 900, 1700]) {
      const out = outDir();
      const run = startCli(
        [
          'run',
          'cinder-stress',
          '--duration',
          '30s',
          '--concurrency',
          '6',
          '--poll-interval',
          '20ms',
          '--out',
          out,
        ],
        { env: fake.env },
      );
      await waitForOutput(run, (o) => o.stderr.includes('reports in'));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      run.kill('SIGINT');
      const done = await finished(run, 60_000);
      expect(done.code, done.stderr).toBe(130);
      expect(done.stderr).toContain('SIGINT: no new iterations');
      expect(existsSync(join(out, 'report.json'))).toBe(true);
      const cleanup = await runCli(['cleanup', '--dry-run'], { env: fake.env });
      expect(cleanup.stdout, `after an interrupt at ${delayMs} ms`).toContain('nothing to clean');
    }
    await fake.stop();
  });

  test('a second SIGINT exits at once and lists what may be left in orphans.json', async () => {
    // Slower transitions (a server boots in ~1.6 s), so the second signal lands while iterations drain.
    const fake = await serveFake('0.2');
    const out = outDir();
    const run = startCli(
      [
        'run',
        'volume-attach-delete',
        '--duration',
        '30s',
        '--concurrency',
        '4',
        '--poll-interval',
        '20ms',
        '--out',
        out,
      ],
      { env: fake.env },
    );
    await waitForOutput(run, (o) => o.stderr.includes('reports in'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    run.kill('SIGINT');
    await waitForOutput(run, (o) => o.stderr.includes('Press Ctrl-C again'));
    run.kill('SIGINT');
    const done = await finished(run, 10_000);
    expect(done.code).toBe(130);
    expect(done.stderr).toMatch(/exiting now\. \d+ resource\(s\) may be left/);
    const orphans = JSON.parse(readFileSync(join(out, 'orphans.json'), 'utf8'));
    expect(Array.isArray(orphans.resources)).toBe(true);
    // Whatever was left is found by name and removed by cleanup.
    const cleanup = await runCli(['cleanup', '--run', orphans.runId, '--poll-interval', '20ms'], {
      env: fake.env,
      timeoutMs: 60_000,
    });
    expect(cleanup.code, cleanup.stderr).toBe(0);
    const after = await runCli(['cleanup', '--dry-run'], { env: fake.env });
    expect(after.stdout).toContain('nothing to clean');
    await fake.stop();
  });
});
