import { describe, expect, test } from 'vitest';
import { formatLog, logStats } from './log-format';
import { FIXED_DOC, fixedStats } from './test-support/sample-stats';

describe('log', () => {
  test('oslo-style lines in the seed form, sorted by client then method', () => {
    const text = formatLog(fixedStats(), {
      now: new Date(2026, 10, 25, 15, 23, 40, 729),
      pid: 12273,
      program: 'cinder-stress',
    });
    expect(text).toBe(
      '2026-11-25 15:23:40.729 12273 INFO cinder-stress [-] [SnapshotsClient:createSnapshot] 100 pass, 0 fail\n' +
        '2026-11-25 15:23:40.729 12273 INFO cinder-stress [-] [VolumesClient:getVolume] 6225 pass, 2 fail\n',
    );
  });

  test('any logger with info() receives the plain lines', () => {
    const lines: string[] = [];
    logStats(FIXED_DOC, { info: (l) => lines.push(l) });
    expect(lines).toEqual([
      '[SnapshotsClient:createSnapshot] 100 pass, 0 fail',
      '[VolumesClient:getVolume] 6225 pass, 2 fail',
    ]);
  });
});
