import { type FailureRecord, LatencyHistogram, type StatsJSON } from '@track/core';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { failureMessage } from './failure-message';
import { toHtml } from './html-format';
import { JSON_REPORT_SCHEMA, toJsonReport } from './json-report';
import { toJUnit } from './junit-format';
import { formatTable } from './table-format';
import { xmllint } from './test-support/system-tools';

const ORIGINAL = 'Volume 3f2a5c1e-0b7d-4c1e-9a57-2f4d2e9b8c10 could not be found.';
const NORMALIZED = 'Volume {id} could not be found.';

/** One method whose failures core deduplicated on the normalized message. */
function run(): StatsJSON {
  const latency = new LatencyHistogram();
  latency.record(10);
  return {
    version: 1,
    methods: [
      {
        client: 'VolumesClient',
        method: 'waitForVolumeStatus',
        pass: 90,
        fail: 96,
        retries: 0,
        droppedFailures: 0,
        failures: [
          {
            stack: `NotFound: ${ORIGINAL}\n    at VolumesClient.getVolume (volumes-client.ts:42:11)`,
            count: 96,
            name: 'NotFound',
            message: ORIGINAL,
            normalizedMessage: NORMALIZED,
            firstAt: 1_764_000_000_000,
            lastAt: 1_764_000_010_000,
          },
        ],
        latency: latency.toJSON(),
      },
    ],
  };
}

/** A failure record with a placeholder stack, count and times, and the message fields given. */
function failure(messages: Pick<FailureRecord, 'message' | 'normalizedMessage'>): FailureRecord {
  return { stack: 's', count: 1, firstAt: 0, lastAt: 0, ...messages };
}

describe('failureMessage', () => {
  test('the normalized message, with the original as an example where they differ', () => {
    expect(failureMessage(failure({ message: ORIGINAL, normalizedMessage: NORMALIZED }))).toEqual({
      shown: NORMALIZED,
      example: ORIGINAL,
    });
  });

  test('the message alone when there is no normalized message or it is the same', () => {
    expect(failureMessage(failure({ message: 'gone' }))).toEqual({ shown: 'gone' });
    expect(failureMessage(failure({ message: 'gone', normalizedMessage: 'gone' }))).toEqual({
      shown: 'gone',
    });
    expect(failureMessage(failure({}))).toEqual({ shown: '' });
  });
});

describe('the normalized message in every format', () => {
  test('the table shows it, with one original under it', () => {
    const lines = formatTable(run(), { color: false }).split('\n');
    const at = lines.findIndex((line) =>
      line.includes(`96x NotFound: ${NORMALIZED} at VolumesClient.getVolume`),
    );
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(`        e.g. ${ORIGINAL}`);
  });

  test('the HTML shows it in the failing list and the trace summary, with one original', () => {
    const html = toHtml(run());
    expect(/<table id="failing">.*?<\/table>/s.exec(html)?.[0]).toContain(`NotFound: ${NORMALIZED}</td>`);
    expect(html).toContain(
      `<summary>96x NotFound: ${NORMALIZED}</summary><p class="example">e.g. ${ORIGINAL}</p>`,
    );
  });

  test('the JUnit failure names it, and each trace gives it with one original', () => {
    const xml = toJUnit(run());
    expect(xml).toContain(`most frequent: NotFound: ${NORMALIZED}" type="NotFound"`);
    expect(xml).toContain(`message: ${NORMALIZED}\ne.g.: ${ORIGINAL}\nNotFound: ${ORIGINAL}`);
    expect(xmllint(xml)).toBe('');
  });

  test('the JSON report carries it, valid against the schema', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    const report = JSON.parse(JSON.stringify(toJsonReport(run())));
    expect(report.stats.methods[0].failures[0].normalizedMessage).toBe(NORMALIZED);
    expect(ajv.validate(JSON_REPORT_SCHEMA, report), JSON.stringify(ajv.errors)).toBe(true);
  });

  test('redact reaches it', () => {
    const redact = (text: string) => text.replace('{id}', '***');
    const html = toHtml(run(), {}, { redact });
    expect(html).toContain('Volume *** could not be found.');
    expect(html).not.toContain(NORMALIZED);
  });
});
