import { LatencyHistogram, type StatsJSON } from '@track/core';
import { describe, expect, test } from 'vitest';
import { formatFailPercent, formatPercent } from './fail-percent';
import { toHtml } from './html-format';
import { formatTable } from './table-format';

describe('the fail percentage', () => {
  test.each([
    [0, 0, '0'],
    [0, 100, '0'],
    [5, 5, '100'],
    [1, 1_000_000, '0.00010'],
    [1, 100_000_000, '0.0000010'],
    [1, 1e21, '0.00000000000000000010'],
    [2, 6227, '0.032'],
    [10, 50_000, '0.020'],
    [1, 1000, '0.10'],
    [999, 1_000_000, '0.10'],
    [1, 100, '1.0'],
    [1, 4, '25.0'],
    [1, 3, '33.3'],
    [6226, 6227, '99.98'],
    [999_999, 1_000_000, '99.9999'],
  ])('%i failures of %i calls is %s', (fail, calls, shown) => {
    expect(formatFailPercent(fail, calls)).toBe(shown);
  });

  test('a percentage computed elsewhere reads the same, the SLA threshold included', () => {
    expect(formatPercent((100 * 2) / 6227)).toBe('0.032');
    expect(formatPercent(100 * 0.001)).toBe('0.10');
    expect(formatPercent(0)).toBe('0');
    expect(formatPercent(100)).toBe('100');
    expect(formatPercent(Number.NaN)).toBe('0');
  });

  test('no failure rate reads as 0 and no rate below 100 % reads as 100', () => {
    for (let calls = 2; calls < 3000; calls += 7) {
      expect(Number(formatFailPercent(1, calls))).toBeGreaterThan(0);
      expect(Number(formatFailPercent(calls - 1, calls))).toBeLessThan(100);
    }
  });
});

describe('one fail percentage in every view', () => {
  const run = (pass: number, fail: number): StatsJSON => ({
    version: 1,
    methods: [
      {
        client: 'VolumesClient',
        method: 'getVolume',
        pass,
        fail,
        retries: 0,
        droppedFailures: fail,
        failures: [],
        latency: new LatencyHistogram().toJSON(),
      },
    ],
  });

  test.each([
    [6225, 2, '0.032'],
    [999_999, 1, '0.00010'],
    [1, 6226, '99.98'],
  ])(
    '%i passes and %i failures read %s in the table, the HTML table and the failing list',
    (pass, fail, shown) => {
      const tableRow = formatTable(run(pass, fail), { color: false }).split('\n')[2] ?? '';
      expect(tableRow.split(/ +/)[5]).toBe(shown);
      const html = toHtml(run(pass, fail));
      const methodRow = /<tr id="method-0"[^>]*>(.*?)<\/tr>/.exec(html)?.[1] ?? '';
      expect(methodRow.match(/<td>([^<]*)<\/td>/g)?.[4]).toBe(`<td>${shown}</td>`);
      const failingRow = /<tr class="failing-method">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
      expect(failingRow.match(/<td>([^<]*)<\/td>/g)?.[3]).toBe(`<td>${shown}</td>`);
    },
  );
});
