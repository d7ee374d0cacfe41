import { describe, expect, test } from 'vitest';
import { escapeLabelValue, formatPrometheusText, formatValue } from './prometheus-text';

describe('the Prometheus text format', () => {
  test('a counter family has HELP, TYPE and one line per sample', () => {
    const text = formatPrometheusText([
      {
        name: 'track_calls_total',
        help: 'Calls.',
        type: 'counter',
        samples: [
          { labels: { client: 'VolumesClient', method: 'getVolume', result: 'pass' }, value: 3 },
          { labels: { client: 'VolumesClient', method: 'getVolume', result: 'fail' }, value: 0 },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP track_calls_total Calls.',
        '# TYPE track_calls_total counter',
        'track_calls_total{client="VolumesClient",method="getVolume",result="pass"} 3',
        'track_calls_total{client="VolumesClient",method="getVolume",result="fail"} 0',
        '',
      ].join('\n'),
    );
  });

  test('a histogram has cumulative buckets ending at +Inf, then _sum and _count', () => {
    const text = formatPrometheusText([
      {
        name: 'track_call_duration_seconds',
        help: 'Latency.',
        type: 'histogram',
        bounds: [0.01, 0.1],
        series: [{ labels: { method: 'm' }, cumulativeCounts: [1, 4], sum: 0.25, count: 5 }],
      },
    ]);
    expect(text.split('\n').slice(2, 7)).toEqual([
      'track_call_duration_seconds_bucket{method="m",le="0.01"} 1',
      'track_call_duration_seconds_bucket{method="m",le="0.1"} 4',
      'track_call_duration_seconds_bucket{method="m",le="+Inf"} 5',
      'track_call_duration_seconds_sum{method="m"} 0.25',
      'track_call_duration_seconds_count{method="m"} 5',
    ]);
  });

  test.each([
    ['back\\slash', 'back\\\\slash'],
    ['"quoted"', '\\"quoted\\"'],
    ['two\nlines', 'two\\nlines'],
    ['plain', 'plain'],
  ])('label value %j is written as %j', (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped);
  });

  test.each([
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [Number.NaN, 'NaN'],
    [42, '42'],
    [1e-7, '1e-7'],
  ])('value %s is written as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  test('bad metric and label names are refused, naming them', () => {
    expect(() =>
      formatPrometheusText([{ name: 'track-calls', help: '', type: 'gauge', samples: [] }]),
    ).toThrow(/track-calls/);
    expect(() =>
      formatPrometheusText([
        { name: 'track_x', help: '', type: 'gauge', samples: [{ labels: { 'a-b': '1' }, value: 1 }] },
      ]),
    ).toThrow(/a-b/);
    expect(() =>
      formatPrometheusText([
        {
          name: 'track_h',
          help: '',
          type: 'histogram',
          bounds: [1, 2],
          series: [{ labels: {}, cumulativeCounts: [1], sum: 1, count: 1 }],
        },
      ]),
    ).toThrow(/1 counts for 2 bounds/);
  });
});
