import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeCloud } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { readJournalFile } from '../src/run/resource-journal';
import {
  CLI,
  cleanEnv,
  filesUnder,
  finished,
  outDir,
  runCli,
  runCommand,
  seededRandom,
  serveFakeCloud,
  startCli,
  tableP50,
  timedRunArgs,
  waitForOutput,
} from './cli-harness';

const SEED_LINE =
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ INFO cinder-stress \[-\] \[(\w+):(\w+)\] (\d+) pass, (\d+) fail$/;

function statsLines(stdout: string): { client: string; method: string; pass: number; fail: number }[] {
  return stdout
    .split('\n')
    .map((line) => SEED_LINE.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ client: m[1]!, method: m[2]!, pass: Number(m[3]), fail: Number(m[4]) }));
}

describe('cinder-stress run on the embedded fake cloud', () => {
  test('`pnpm start` runs the cinder-stress mix and prints oslo-style stats lines for volumes, snapshots and servers', async () => {
    // The root `start` builds, then runs the app's `start` script: run that script's command here.
    const root = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    expect(root.scripts.start).toContain('--filter @track/cinder-stress start');
    const app = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    const [node, script, ...args] = (app.scripts.start as string).split(/\s+/);
    expect([node, script]).toEqual(['node', 'dist/cli.js']);
    const cwd = outDir(); // its track-runs/<id> lands here, not in the repository
    const result = await runCli(args, { cwd, timeoutMs: 90_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('embedded fake cloud');
    const lines = statsLines(result.stdout);
    for (const [client, method] of [
      ['VolumesClient', 'createVolume'],
      ['VolumesClient', 'getVolume'],
      ['SnapshotsClient', 'createSnapshot'],
      ['ServersClient', 'attachVolume'],
    ]) {
      const line = lines.find((l) => l.client === client && l.method === method);
      expect(line?.pass, `${client}:${method}`).toBeGreaterThan(0);
    }
    expect(readdirSync(join(cwd, 'track-runs'))).toHaveLength(1);
  }, 90_000);

  test('the output comes in order: stats lines, then the table, then the summary and the reports line', async () => {
    const result = await runCli([
      'run',
      'snapshot-create-delete',
      '--iterations',
      '3',
      '--report-interval',
      '1h',
      '--out',
      outDir(),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const lastStats = lines.findLastIndex((l) => SEED_LINE.test(l));
    const firstStats = lines.findIndex((l) => SEED_LINE.test(l));
    const table = lines.findIndex((l) => /^client\s+method\s+pass/.test(l));
    const summary = lines.findIndex((l) => /^run \w+: \d+ iterations passed/.test(l));
    const reports = lines.findIndex((l) => l.startsWith('reports: '));
    expect(firstStats).toBe(0);
    expect([lastStats < table, table < summary, summary < reports]).toEqual([true, true, true]);
    expect(reports).toBe(lines.length - 1);
    expect(lines.slice(firstStats, lastStats + 1).every((l) => SEED_LINE.test(l))).toBe(true);
  });

  test('--fake-latency shapes the latency of every call', async () => {
    const args = [
      'run',
      'volume-create-delete',
      '--iterations',
      '4',
      '--concurrency',
      '2',
      '--fake-time-scale',
      '0',
    ];
    const plain = await runCli([...args, '--out', outDir()]);
    const slow = await runCli([...args, '--fake-latency', '60', '--out', outDir()]);
    expect(slow.code, slow.stderr).toBe(0);
    expect(slow.stderr).toContain('latency 60 ms');
    expect(tableP50(slow.stdout, 'VolumesClient', 'getVolume')).toBeGreaterThanOrEqual(60);
    expect(tableP50(plain.stdout, 'VolumesClient', 'getVolume')).toBeLessThan(60);
  });

  test.each([
    [['--iterations', '5', '--concurrency', '3', '--workers', '2'], 5],
    [['--iterations', '7', '--concurrency', '7', '--workers', '3'], 7],
    [['--iterations', '2', '--concurrency', '2', '--workers', '2'], 2],
  ])('--workers keeps the requested iterations: %j runs %i', async (options, expected) => {
    const result = await runCli(['run', 'volume-create-delete', ...options, '--out', outDir()]);
    expect(result.code, result.stderr).toBe(0);
    expect(statsLines(result.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(expected);
    expect(result.stdout).toContain(`${expected} iterations passed, 0 failed`);
  });

  test('--max-fail-rate also counts failed iterations: a low call fail rate does not hide them', async () => {
    // One worker, one seed: about 5% of calls fail, but about 30% of iterations.
    const result = await runCli([
      'run',
      'volume-create-delete',
      '--iterations',
      '100',
      '--concurrency',
      '1',
      '--fake-time-scale',
      '0',
      '--fault-rate',
      '0.05',
      '--seed',
      '1',
      '--max-fail-rate',
      '0.15',
      '--out',
      outDir(),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SLA breached: iteration fail rate [\d.]+% > --max-fail-rate 15\.0%/);
    expect(result.stderr).not.toContain('call fail rate');
  });

  test('the cinder-stress mix prints oslo-style stats lines for volumes, snapshots and servers, the table, and writes the reports', async () => {
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
    const lines = statsLines(result.stdout);
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
      'journal.jsonl',
    ])
      expect(existsSync(join(out, file))).toBe(true);
    expect(readJournalFile(join(out, 'journal.jsonl')).resources).toEqual([]);
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
    expect(statsLines(result.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(8);
  });

  test('--workers more than the concurrent iterations is a usage error', async () => {
    const result = await runCli(['run', '--concurrency', '2', '--workers', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--workers 3 \(worker threads\) is more than the 2 concurrent iterations/);
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
    expect(statsLines(result.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(5);
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
    expect(result.stderr).toMatch(/SLA breached: traced call fail rate [\d.]+% .*> --max-fail-rate 1\.0%/);
    const lines = statsLines(result.stdout);
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
    const plain = statsLines((await runCli([...args, outDir()])).stdout).find(
      (l) => l.method === 'getVolume',
    )!;
    const whitelisted = statsLines(
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
      /progress: \d+s elapsed, \d+ iterations \(0 failed\), \d+ HTTP requests\/s, \d+ HTTP requests \(0 failed\), \d+ traced calls \(0 failed\), \d+s left/,
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
    const lines = statsLines(result.stdout);
    expect(lines.find((l) => l.method === 'attachVolume')?.pass).toBe(6);
    expect(lines.find((l) => l.method === 'createServer')?.pass).toBe(2);
    expect(readJournalFile(join(out, 'journal.jsonl')).resources).toEqual([]);
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
    expect(statsLines(result.stdout).reduce((n, l) => n + l.fail, 0)).toBeGreaterThan(0);
    expect(readJournalFile(join(out, 'journal.jsonl')).resources).toEqual([]);
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
    [['run', '--report-interval', '0s'], /--report-interval must be at least 1s, got "0s"/],
    [['run', '--duration', '0s'], /--duration must be at least 1ms, got "0s"/],
    [['run', '--report', ''], /--report must name at least one format/],
    [['run', '--workers', '0'], /--workers must be a whole number >= 1/],
    [
      ['run', '--iterations', '1', '--workers', '4'],
      /--workers 4 \(worker threads\) is more than the 1 iterations to share/,
    ],
    [['run', '--cloud', 'no-such-cloud'], /--cloud no-such-cloud: /],
    [['run', '--fake-latency', 'slow'], /--fake-latency must be a number >= 0/],
  ])('%j', async (args, message) => {
    // In a fresh directory: a usage error must leave no track-runs/<id>/ behind.
    const cwd = outDir();
    const result = await runCli(args, {
      cwd,
      env: cleanEnv({ OS_CLIENT_CONFIG_FILE: join(cwd, 'no-clouds.yaml') }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(cwd)).toEqual([]);
  });

  test.each([
    [
      'a value of the wrong type',
      '  kwargs: { size: big }\n',
      ':3: [0].kwargs.size: Invalid input: expected number',
    ],
    ['a misspelled key', '  kwargs:\n    sise: 2\n', ':4: [0].kwargs.sise: Unrecognized key: "sise"'],
  ])('a scenario file kwarg with %s names the file, line and field', async (_name, kwargs, message) => {
    const dir = outDir();
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, `- action: volume-create-delete\n  threads: 1\n${kwargs}`);
    const result = await runCli(['run', file, '--duration', '1s'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}${message}`);
    expect(readdirSync(dir)).toEqual(['scenario.yaml']);
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
      /\r\u001b\[2K\d+s elapsed, \d+ iterations \(0 failed\), \d+ HTTP requests\/s, \d+ HTTP requests \(0 failed\), \d+ traced calls \(0 failed\), \d+s left/,
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
    expect(statsLines(result.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(7);
    expect(JSON.parse(readFileSync(join(merged, 'report.json'), 'utf8')).totals.methods).toBeGreaterThan(3);
  });

  test('merge of a file that is not a report names the file', async () => {
    const dir = outDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 1, "stats": {"version": 1, "methods": [{"client": "A"}]}}');
    const result = await runCli(['merge', bad, '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: stats: Invalid statistics document: methods[0]`);
  });
});

describe('over real HTTP: fake-cloud, a second run using its OS_* lines, cleanup, signals', () => {
  test('fake-cloud prints export lines; a run over HTTP with them works; cleanup finds nothing left', async () => {
    const fake = await serveFakeCloud();
    expect(fake.env.OS_AUTH_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/identity\/v3$/);
    const run = await runCli(timedRunArgs('volume-create-delete', '2s', 4, outDir()), { env: fake.env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('OS_* environment');
    expect(statsLines(run.stdout).find((l) => l.method === 'createVolume')!.pass).toBeGreaterThan(5);
    const cleanup = await runCli(['cleanup', '--dry-run'], { env: fake.env });
    expect(cleanup.stdout).toContain('nothing to clean');
    await fake.stop();
  });

  test('--cloud NAME runs on the cloud of that name in the clouds.yaml of OS_CLIENT_CONFIG_FILE', async () => {
    const fake = await serveFakeCloud();
    const dir = outDir();
    const cloudsYaml = join(dir, 'clouds.yaml');
    writeFileSync(
      cloudsYaml,
      [
        'clouds:',
        '  loopback-fake:',
        '    auth:',
        `      auth_url: '${fake.env.OS_AUTH_URL}'`,
        `      username: '${fake.env.OS_USERNAME}'`,
        `      password: '${fake.env.OS_PASSWORD}'`,
        `      project_name: '${fake.env.OS_PROJECT_NAME}'`,
        `      user_domain_name: '${fake.env.OS_USER_DOMAIN_NAME}'`,
        `      project_domain_name: '${fake.env.OS_PROJECT_DOMAIN_NAME}'`,
        '',
      ].join('\n'),
    );
    const env = cleanEnv({ OS_CLIENT_CONFIG_FILE: cloudsYaml });
    const run = await runCli(
      [
        'run',
        'volume-create-delete',
        '--cloud',
        'loopback-fake',
        '--iterations',
        '6',
        '--poll-interval',
        '20ms',
        '--fault-rate',
        '0.5',
        '--out',
        join(dir, 'out'),
      ],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('on cloud loopback-fake (clouds.yaml)');
    // Shaping options of the embedded fake do nothing on a real cloud: say so instead of ignoring them.
    expect(run.stderr).toMatch(
      /warning: --fault-rate only shape the embedded fake cloud; ignored on --cloud/,
    );
    expect(statsLines(run.stdout).find((l) => l.method === 'createVolume')?.pass).toBe(6);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.meta.cloudName).toBe('loopback-fake');
    await fake.stop();
  });

  test('secret canary: the password appears in no output and no file of run, cleanup or merge (reports, journal, orphans), plain, URL-encoded or base64', async () => {
    const canary = `canary-${Date.now().toString(36)}/pw+Zq=9@x`;
    const fake = new FakeCloud({ password: canary, timeScale: 0.005, faultRate: 0.3 });
    const listening = await fake.listen({ port: 0 });
    try {
      const credentials = fake.credentialsAt(listening.url);
      expect(credentials.password).toBe(canary);
      const osEnv = {
        OS_AUTH_URL: credentials.authUrl,
        OS_USERNAME: credentials.username,
        OS_PROJECT_NAME: credentials.projectName,
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        TRACK_FLAVOR: fake.computeDefaults.flavorId,
        TRACK_IMAGE: fake.computeDefaults.imageId,
        TRACK_NETWORK: fake.computeDefaults.networkId,
      };
      const outs = [outDir(), outDir()];
      // A run with the right password (faults injected, so failures are reported) and one refused.
      const runs = [
        await runCli(
          ['run', 'cinder-stress', '--duration', '2s', '--poll-interval', '20ms', '--out', outs[0]!],
          { env: cleanEnv({ ...osEnv, OS_PASSWORD: canary }) },
        ),
        await runCli(['run', 'volume-create-delete', '--duration', '1s', '--out', outs[1]!], {
          env: cleanEnv({ ...osEnv, OS_PASSWORD: `${canary}-wrong` }),
        }),
      ];
      expect(
        statsLines(runs[0]!.stdout).reduce((n, l) => n + l.fail, 0),
        runs[0]!.stderr,
      ).toBeGreaterThan(0);
      expect(runs[1]!.code).not.toBe(0);
      // A run whose volume deletes all fail leaves its volumes: its journal.jsonl and orphans.json
      // name them, then cleanup (with the password, and with a wrong one) and merge (also refused)
      // print and write what they do; none of it may hold the password.
      fake.faults.add({ route: 'DELETE /volumes/{volume_id}', status: 500 });
      const leftOut = outDir();
      outs.push(leftOut);
      const leaving = await runCli(
        [
          'run',
          'volume-create-delete',
          '--duration',
          '1s',
          '--drain-timeout',
          '1s',
          '--poll-interval',
          '20ms',
          '--out',
          leftOut,
        ],
        { env: cleanEnv({ ...osEnv, OS_PASSWORD: canary }), timeoutMs: 60_000 },
      );
      fake.faults.clear();
      expect(readdirSync(leftOut), leaving.stderr).toEqual(
        expect.arrayContaining(['journal.jsonl', 'orphans.json']),
      );
      const { runId } = JSON.parse(readFileSync(join(leftOut, 'orphans.json'), 'utf8'));
      const cleanups = [
        await runCli(['cleanup', '--run', runId, '--poll-interval', '20ms'], {
          env: cleanEnv({ ...osEnv, OS_PASSWORD: canary }),
          timeoutMs: 60_000,
        }),
        await runCli(['cleanup', '--dry-run'], {
          env: cleanEnv({ ...osEnv, OS_PASSWORD: `${canary}-wrong` }),
        }),
      ];
      expect(cleanups[0]!.stdout, cleanups[0]!.stderr).toMatch(/removed volume/);
      expect(cleanups[1]!.code).toBe(2);
      const mergeOut = outDir();
      outs.push(mergeOut);
      const reports = [join(outs[0]!, 'report.json'), join(leftOut, 'report.json')];
      const merges = [
        await runCli(['merge', ...reports, '--out', mergeOut]),
        await runCli(['merge', reports[0]!, reports[0]!, '--out', outDir()]),
      ];
      expect(merges[0]!.code, merges[0]!.stderr).toBe(0);
      expect(merges[1]!.code).toBe(2);
      const forms = [
        canary,
        encodeURIComponent(canary),
        Buffer.from(canary).toString('base64'),
        Buffer.from(`${credentials.username}:${canary}`).toString('base64'),
      ];
      const commands = { run: [...runs, leaving], cleanup: cleanups, merge: merges };
      const texts: [string, string][] = Object.entries(commands).flatMap(([name, results]) =>
        results.flatMap((r, i): [string, string][] => [
          [`stdout of ${name} ${i}`, r.stdout],
          [`stderr of ${name} ${i}`, r.stderr],
        ]),
      );
      for (const dir of outs)
        for (const file of existsSync(dir) ? filesUnder(dir) : [])
          texts.push([file, readFileSync(file, 'utf8')]);
      expect(texts.length).toBeGreaterThan(6);
      const hits = texts.flatMap(([where, text]) =>
        forms.filter((form) => text.includes(form)).map((form) => `${where}: ${form}`),
      );
      expect(hits).toEqual([]);
    } finally {
      await listening.close();
    }
  }, 180_000);

  test('SIGINT at random moments: exit 130, reports written, and the cloud holds none of our resources', async () => {
    const fake = await serveFakeCloud();
    // Random moments, from a seed that is printed on failure (set INTERRUPT_SEED to replay one).
    const seed = Number(process.env.INTERRUPT_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const delays = [0, 1, 2].map((i) => Math.round(100 + (i * 700 + random() * 700)));
    for (const delayMs of delays) {
      const out = outDir();
      const run = startCli(timedRunArgs('cinder-stress', '30s', 6, out), { env: fake.env });
      await waitForOutput(run, (o) => o.stderr.includes('reports in'));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      run.kill('SIGINT');
      const done = await finished(run, 60_000);
      const replay = `interrupt at ${delayMs} ms of ${delays.join('/')} ms (INTERRUPT_SEED=${seed})`;
      expect(done.code, `${replay}\n${done.stderr}`).toBe(130);
      expect(done.stderr, replay).toContain('SIGINT: no new iterations');
      expect(existsSync(join(out, 'report.json')), replay).toBe(true);
      const cleanup = await runCli(['cleanup', '--dry-run'], { env: fake.env });
      expect(cleanup.stdout, replay).toContain('nothing to clean');
    }
    await fake.stop();
  });

  test('a second SIGINT exits at once and lists what may be left in orphans.json', async () => {
    // Slower transitions (a server boots in ~1.6 s), so the second signal lands while iterations drain.
    const fake = await serveFakeCloud('0.2');
    const out = outDir();
    const run = startCli(timedRunArgs('volume-attach-delete', '30s', 4, out), { env: fake.env });
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
