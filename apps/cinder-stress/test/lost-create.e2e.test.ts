import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeCloud, FaultPresets } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { cleanEnv, outDir, runCli } from './cli-harness';

describe('a create whose answer is lost (the cloud performs it after the client gave up)', () => {
  test('run --request-timeout 1s: every such volume is found by name later and deleted; nothing leaks', async () => {
    const fake = new FakeCloud({ seed: 5, timeScale: 0.005 });
    // A third of the volume creates lose their answer (the fake's responseLost fault) and take
    // 1.5 s: the client times out at 1 s, the fake creates the volume half a second later (as Cinder
    // did on a real cloud), when the iteration's one look by name has already found nothing.
    fake.faults.add({ ...FaultPresets.createResponseLost('POST /volumes', 0.35, 'hang'), latencyMs: 1500 });
    const listening = await fake.listen({ port: 0 });
    try {
      const credentials = fake.credentialsAt(listening.url);
      const env = cleanEnv({
        OS_AUTH_URL: credentials.authUrl,
        OS_USERNAME: credentials.username,
        OS_PASSWORD: credentials.password,
        OS_PROJECT_NAME: credentials.projectName,
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
      });
      const out = outDir();
      const run = await runCli(
        [
          'run',
          'volume-create-delete',
          '--iterations',
          '12',
          '--concurrency',
          '4',
          '--request-timeout',
          '1s',
          '--poll-interval',
          '20ms',
          '--out',
          out,
        ],
        { env, timeoutMs: 150_000 },
      );
      const unanswered = readFileSync(join(out, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"event":"unanswered"'));
      expect(unanswered.length, run.stderr).toBeGreaterThan(0);
      // Failed iterations (the timeouts), but no resource left: exit 1, not 4.
      expect(run.code, run.stderr).toBe(1);
      expect(existsSync(join(out, 'orphans.json'))).toBe(false);
      // Any create still on its way lands within its 1.5 s; then the cloud holds nothing of the run.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(fake.resources().volumes.map((v) => `${v.name} ${v.status}`)).toEqual([]);
    } finally {
      await listening.close();
      await fake.close();
    }
  }, 180_000);
});
