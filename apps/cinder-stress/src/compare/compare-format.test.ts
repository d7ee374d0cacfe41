import { describe, expect, test } from 'vitest';
import { formatComparisonHtml, formatComparisonJson, formatComparisonTable } from './compare-format';
import type { Comparison } from './compare-reports';

const side = (calls: number, fail: number, p95: number) => ({
  calls,
  fail,
  failRate: (100 * fail) / calls,
  p50: p95 / 2,
  p95,
  p99: p95 * 2,
});

const comparison: Comparison = {
  limits: { maxFailRateIncreasePp: 0.5, failOnNewFailures: true },
  isWorse: true,
  methods: [
    {
      client: 'VolumesClient',
      method: 'create\u001b[2JVolume',
      baseline: side(6227, 2, 10),
      current: side(1000, 30, 12),
      failRateChangePp: 3 - (100 * 2) / 6227,
      latencyChangePercent: { p50: 20, p95: 20, p99: 20 },
      newFailures: [
        {
          name: 'ServerFault',
          message: '<script>alert(1)</script>',
          count: 30,
          stack: 'ServerFault: <b>\n    at x',
        },
      ],
      breaches: ['fail rate +2.97pp > 0.5pp', '1 new failure trace'],
    },
    {
      client: 'VolumesClient',
      method: 'listVolumes',
      current: side(10, 0, 1),
      newFailures: [],
      breaches: [],
    },
  ],
};

describe('the comparison views', () => {
  test('the table shows rates with the reporters percent rule, changes in pp and %, and the verdict', () => {
    const table = formatComparisonTable(comparison);
    const row = table.split('\n').find((line) => line.includes('\\x1b[2JVolume'))!;
    expect(row).toContain('0.032%');
    expect(row).toContain('3.0%');
    expect(row).toContain('+3.0pp');
    expect(row).toContain('10.00->12.00 +20.0%');
    expect(row).toContain('WORSE: fail rate +2.97pp > 0.5pp; 1 new failure trace');
    expect(table).not.toContain('\u001b');
    expect(table).toContain('new: 30x ServerFault: <script>alert(1)</script>');
    expect(table).toMatch(/listVolumes .* new method$/m);
    expect(table).toContain('1 of 2 methods got worse beyond the limits');
  });

  test('the HTML page escapes every text from the reports and has no script', () => {
    const html = formatComparisonHtml(comparison, { baseline: 'a<b>.json', current: 'c.json' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a&lt;b&gt;.json');
    expect(html).toContain('ServerFault: &lt;b&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<tr class="worse">');
  });

  test('the JSON names both files and holds the whole comparison', () => {
    const json = JSON.parse(formatComparisonJson(comparison, { baseline: 'a.json', current: 'c.json' }));
    expect(json).toEqual({
      baseline: 'a.json',
      current: 'c.json',
      ...JSON.parse(JSON.stringify(comparison)),
    });
  });
});
