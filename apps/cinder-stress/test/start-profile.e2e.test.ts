import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanEnv, outDir, runCli } from './cli-harness';

/** The arguments of the package's `start` script after `dist/cli.js`. */
function startArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [, args = ''] = scripts.start.split('dist/cli.js');
  return args.trim().split(/\s+/);
}

describe('the start command on the realistic fault profile', () => {
  test('shows failures, whitelisted NotFounds as passes, and still exits 0 through the SLA it meets', async () => {
    const out = outDir();
    // The start command as the README gives it, shortened (a later --duration wins).
    const result = await runCli([...startArgs(), '--duration', '4s', '--out', out], {
      env: cleanEnv(),
      timeoutMs: 120_000,
    });
    expect(startArgs()).toEqual(expect.arrayContaining(['--fault-profile', 'realistic', '--max-fail-rate']));
    const summary = /(\d+) traced calls \((\d+) failed/.exec(result.stdout);
    expect(summary, result.stdout.slice(-2000)).not.toBeNull();
    expect(Number(summary![2])).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/ServerFault|ResourceErrorStatus/);
    // The deletion probes' NotFound answers are whitelisted: counted as passes, and apart.
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      stats: { methods: { client: string; method: string; pass: number; whitelisted?: number }[] };
    };
    const getVolume = report.stats.methods.find(
      (m) => m.client === 'VolumesClient' && m.method === 'getVolume',
    );
    expect(getVolume?.whitelisted ?? 0).toBeGreaterThan(0);
    expect(getVolume!.pass).toBeGreaterThanOrEqual(getVolume!.whitelisted!);
    expect(result.stdout).toMatch(/\[VolumesClient:isResourceDeleted\] [1-9]\d* pass/);
    expect(result.stdout).toMatch(/^SLA met: traced call fail rate .* <= --max-fail-rate 25\.0%: exit 0$/m);
    expect(result.stderr).toContain('fault profile realistic');
    expect(result.code).toBe(0);
  }, 150_000);

  test('an unknown profile is a usage error naming the known ones', async () => {
    const result = await runCli(['run', '--fault-profile', 'chaos', '--iterations', '1'], {
      env: cleanEnv(),
    });
    expect(result.stderr).toContain('--fault-profile must be one of realistic, got "chaos"');
    expect(result.code).toBe(2);
  }, 60_000);
});
