import { Stats, Trace } from '@track/core';
import { expect, test } from 'vitest';
import { formatStatsLines, logStats } from './log-format';

test('logStats writes the same lines as Stats.log (one rule: retries, escaped control characters)', () => {
  const stats = new Stats();
  const client = new Trace({ stats }).decorate(
    {
      get: () => 1,
      fail: () => {
        throw new Error('no');
      },
    },
    { name: 'Volumes\u001b]0;title\u0007' },
  );
  client.get();
  expect(() => client.fail()).toThrow('no');
  stats.recordRetry('Volumes\u001b]0;title\u0007', 'get');
  stats.recordRetry('Volumes\u001b]0;title\u0007', 'get');
  const fromCore: string[] = [];
  const fromReporters: string[] = [];
  stats.log({ info: (line) => fromCore.push(line) });
  logStats(stats, { info: (line) => fromReporters.push(line) });
  expect(fromReporters).toEqual(fromCore);
  expect(formatStatsLines(stats)).toEqual(fromCore);
  expect(fromCore).toEqual([
    '[Volumes\\x1b]0;title\\x07:fail] 0 pass, 1 fail',
    '[Volumes\\x1b]0;title\\x07:get] 1 pass, 0 fail, 2 retries',
  ]);
});
