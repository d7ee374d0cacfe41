import { Stats } from '@track/core';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { JSON_REPORT_SCHEMA, toJsonReport } from './json-report';
import { FIXED_DOC, FIXED_META, sampleStats } from './test-support/sample-stats';

describe('JSON', () => {
  test('carries the run id and the HTTP requests counted at the transport, valid against the schema', () => {
    const report = toJsonReport(FIXED_DOC, {
      ...FIXED_META,
      runId: '20261201abcdef',
      httpRequests: { sent: 11_142, failed: 12 },
    });
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    expect(ajv.validate(JSON_REPORT_SCHEMA, JSON.parse(JSON.stringify(report)))).toBe(true);
    expect(report.meta).toMatchObject({
      runId: '20261201abcdef',
      httpRequests: { sent: 11_142, failed: 12 },
    });
    const merged = toJsonReport(FIXED_DOC, { runIds: ['a1', 'b2'] });
    expect(ajv.validate(JSON_REPORT_SCHEMA, JSON.parse(JSON.stringify(merged)))).toBe(true);
  });

  test('valid against the shipped schema, carries the meta and round-trips through Stats.fromJSON', async () => {
    const stats = await sampleStats();
    const report = toJsonReport(stats, FIXED_META);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON_REPORT_SCHEMA);
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({
      schemaVersion: 1,
      meta: { scenario: 'cinder-stress', durationMs: 90_000, concurrency: 4, cloudName: 'fake' },
    });
    expect(Stats.fromJSON(JSON.parse(JSON.stringify(report.stats))).toJSON()).toEqual(stats.toJSON());
  });

  test("a method's whitelisted count (core's optional field) is valid against the schema", () => {
    const doc = structuredClone(FIXED_DOC);
    const method = doc.methods.find((m) => m.pass > 0)!;
    method.whitelisted = 1;
    const report = toJsonReport(Stats.fromJSON(doc), FIXED_META);
    expect(report.stats.methods.find((m) => m.method === method.method)!.whitelisted).toBe(1);
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    expect(ajv.validate(JSON_REPORT_SCHEMA, JSON.parse(JSON.stringify(report)))).toBe(true);
  });

  test('the schema rejects a report carrying anything else, e.g. a credential', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    const report = JSON.parse(JSON.stringify(toJsonReport(FIXED_DOC, FIXED_META)));
    report.meta.password = 'x';
    expect(ajv.validate(JSON_REPORT_SCHEMA, report)).toBe(false);
  });
});
