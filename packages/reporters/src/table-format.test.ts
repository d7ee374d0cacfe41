import { describe, expect, test } from 'vitest';
import { formatTable } from './table-format';
import { fixedStats } from './test-support/sample-stats';

describe('table', () => {
  test('aligned columns and top failures with their first frame; colour only when asked', () => {
    const text = formatTable(fixedStats(), { color: false });
    expect(text).toMatchInlineSnapshot(`
      "client           method          pass  fail  retries  fail %  p50 ms  p95 ms  p99 ms  max ms
      ---------------  --------------  ----  ----  -------  ------  ------  ------  ------  ------
      SnapshotsClient  createSnapshot   100     0        0       0   20.00   20.00   20.00   20.00
      VolumesClient    getVolume       6225     2        0   0.032   10.05   15.00   15.00   15.00
          2x NotFound: Volume v1 could not be found. at VolumesClient.getVolume (volumes-client.ts:42:11)

      2 methods, 6325 pass, 2 fail
      "
    `);
    expect(text).not.toContain('\u001b[');
    expect(formatTable(fixedStats(), { color: true })).toContain('\u001b[31m');
  });
});
