import { LatencyHistogram, type MethodStatsJSON, type StatsJSON } from '@track/core';
import { describe, expect, test } from 'vitest';
import { toHtml } from './html-format';
import { formatTable } from './table-format';

function latency() {
  const histogram = new LatencyHistogram();
  histogram.record(10);
  return histogram.toJSON();
}

/** A method whose run kept `traces` distinct traces of 2 failures each, and `untraced` more failures. */
function failingMethod(traces: number, untraced: number): MethodStatsJSON {
  return {
    client: 'VolumesClient',
    method: 'getVolume',
    pass: 100,
    fail: traces * 2 + untraced,
    retries: 0,
    droppedFailures: untraced,
    failures: Array.from({ length: traces }, (_, i) => ({
      stack: `NotFound: volume ${i} is gone\n    at getVolume (volumes-client.ts:${i + 1}:1)`,
      count: 2,
      name: 'NotFound',
      message: `volume ${i} is gone`,
      firstAt: 1,
      lastAt: 2,
    })),
    latency: latency(),
  };
}

function run(traces: number, untraced: number): StatsJSON {
  return { version: 1, methods: [failingMethod(traces, untraced)] };
}

/** The lines under the method's row of the table. */
function tableNotes(doc: StatsJSON, topFailures = 3): string[] {
  return formatTable(doc, { color: false, topFailures })
    .split('\n')
    .slice(3)
    .filter((line) => line.startsWith('    '))
    .map((line) => line.trim());
}

/** The text of the method's fold row in the HTML table, or undefined when it has none. */
function foldText(html: string): string | undefined {
  const fold = /<tr class="detail" id="fold-0">(.*?)<\/tr>/s.exec(html)?.[1];
  return fold?.replace(/<pre>.*?<\/pre>/gs, '').replace(/<[^>]+>/g, ' ');
}

describe('failures whose trace was not kept are counted apart from the traces not shown', () => {
  test.each([
    [
      5,
      5,
      ['... 2 more distinct traces not shown', '... 5 failures without a kept trace (trace limit reached)'],
    ],
    [1, 5, ['... 5 failures without a kept trace (trace limit reached)']],
    [5, 0, ['... 2 more distinct traces not shown']],
    [
      4,
      1,
      ['... 1 more distinct trace not shown', '... 1 failure without a kept trace (trace limit reached)'],
    ],
    [0, 7, ['... 7 failures without a kept trace (trace limit reached)']],
  ])('table: %i kept traces and %i untraced failures', (traces, untraced, expected) => {
    const notes = tableNotes(run(traces, untraced));
    expect(notes.filter((line) => line.startsWith('...'))).toEqual(expected);
    expect(notes.filter((line) => line.includes('x NotFound'))).toHaveLength(Math.min(traces, 3));
  });

  test('HTML: the traces not shown and the untraced failures are two counts', () => {
    const text = foldText(toHtml(run(7, 5)));
    expect(text).toContain('2 more distinct traces not shown here');
    expect(text).toContain('5 failures without a kept trace');
    expect(text).not.toMatch(/\b7 more/);
  });

  test('HTML: a method whose failures all went untraced still says how many', () => {
    const text = foldText(toHtml(run(0, 9)));
    expect(text).toContain('9 failures without a kept trace');
    expect(text).not.toContain('more distinct');
  });

  test('HTML: no notes when every failure has its trace shown', () => {
    const text = foldText(toHtml(run(2, 0)));
    expect(text).toContain('volume 1 is gone');
    expect(text).not.toContain('more distinct');
    expect(text).not.toContain('without a kept trace');
  });
});
