import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { finished, outDir, runCli, serveFakeCloud, startCli, waitForOutput } from './cli-harness';

/** Whether the run's journal (in `out`) names a resource starting with `prefix`. */
function journalNames(out: string, prefix: string): boolean {
  const file = join(out, 'journal.jsonl');
  return existsSync(file) && readFileSync(file, 'utf8').includes(prefix);
}

describe('a fleet run: two shards of one run id on one cloud', () => {
  test('each shard names its resources after its own run id; cleanup takes one shard or all of them', {
    timeout: 240_000,
  }, async () => {
    // A cloud as slow as a real one (volumes take seconds to build and to delete), so that each
    // shard holds resources when it is killed.
    const fake = await serveFakeCloud('1');
    try {
      const outs = [outDir(), outDir()];
      const common = [
        'run',
        'volume-create-delete',
        '--run-id',
        'fleet1',
        '--duration',
        '120s',
        '--concurrency',
        '2',
      ];
      const shards = [
        startCli([...common, '--shard', '0/2', '--out', outs[0]!], { env: fake.env }),
        // The way a Kubernetes Indexed Job runs it: the index from JOB_COMPLETION_INDEX.
        startCli([...common, '--shard-count', '2', '--out', outs[1]!], {
          env: { ...fake.env, JOB_COMPLETION_INDEX: '1' },
        }),
      ];
      await waitForOutput(shards[0]!, (o) => o.stderr.includes('run fleet1s0:'), 60_000);
      await waitForOutput(shards[1]!, (o) => o.stderr.includes('run fleet1s1:'), 60_000);
      const start = Date.now();
      while (!(journalNames(outs[0]!, 'track-fleet1s0-') && journalNames(outs[1]!, 'track-fleet1s1-'))) {
        if (Date.now() - start > 60_000) throw new Error('no shard resources in the journals');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The creates named in the journals have been sent by now, and their volumes are building.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const shard of shards) shard.kill('SIGKILL');
      await Promise.all(shards.map((shard) => finished(shard, 30_000)));

      const oneShard = await runCli(['cleanup', '--run', 'fleet1s0', '--dry-run'], { env: fake.env });
      expect(oneShard.code, oneShard.stderr).toBe(0);
      expect(oneShard.stdout).toMatch(/would remove volume track-fleet1s0-volume-\d+/);
      expect(oneShard.stdout).not.toContain('fleet1s1');

      const all = await runCli(['cleanup', '--run', 'fleet1', '--all-shards'], {
        env: fake.env,
        timeoutMs: 120_000,
      });
      expect(all.code, all.stderr).toBe(0);
      expect(all.stdout).toMatch(/removed volume track-fleet1s0-volume-\d+/);
      expect(all.stdout).toMatch(/removed volume track-fleet1s1-volume-\d+/);

      const after = await runCli(['cleanup', '--run', 'fleet1', '--all-shards', '--dry-run'], {
        env: fake.env,
      });
      expect(after.stdout).toContain('nothing to clean: no track-fleet1[s<i>]- resources');
    } finally {
      await fake.stop();
    }
  });

  test('a shard index out of range, or --shard-count without JOB_COMPLETION_INDEX, is a usage error: exit 2', async () => {
    const outOfRange = await runCli(['run', '--shard', '2/2', '--iterations', '1']);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain('--shard must be INDEX/COUNT with INDEX from 0 to COUNT-1');
    const noIndex = await runCli(['run', '--shard-count', '2', '--iterations', '1']);
    expect(noIndex.code).toBe(2);
    expect(noIndex.stderr).toContain('JOB_COMPLETION_INDEX');
    const allShards = await runCli(['cleanup', '--all-shards']);
    expect(allShards.code).toBe(2);
    expect(allShards.stderr).toContain('--all-shards needs --run');
  });
});
