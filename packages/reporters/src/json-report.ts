import type { StatsJSON } from '@track/core';
import { type RedactOptions, redactMeta, redactStats } from './redact';
import { epochOf, type ReportInput, type ReportMeta, toReportData } from './report-input';

// The redaction API, also where log-format.ts and write-reports.ts import it from.
export type { Redact, RedactOptions } from './redact';
export { redactMeta, redactStats } from './redact';

/** Version of the JSON report document. */
export const JSON_REPORT_SCHEMA_VERSION = 1;

/** The JSON report: run metadata and the full statistics document (round-trips through `Stats.fromJSON`). */
export interface JsonReport {
  schemaVersion: typeof JSON_REPORT_SCHEMA_VERSION;
  meta: {
    scenario?: string;
    startedAt?: string;
    endedAt?: string;
    durationMs?: number;
    concurrency?: number;
    runId?: string;
    runIds?: string[];
    httpRequests?: { sent: number; failed: number };
    cloudName?: string;
    toolVersions?: Record<string, string>;
    title?: string;
  };
  totals: { methods: number; pass: number; fail: number };
  stats: StatsJSON;
}

/**
 * The versioned JSON report document. Only the listed meta fields are copied: never credentials;
 * `options.redact` is applied to every text of the statistics and the meta.
 */
export function toJsonReport(
  input: ReportInput,
  meta: ReportMeta = {},
  options: RedactOptions = {},
): JsonReport {
  const data = toReportData(redactStats(input, options.redact));
  meta = redactMeta(meta, options.redact);
  const started = epochOf(meta.startedAt);
  const ended = epochOf(meta.endedAt);
  const out: JsonReport['meta'] = {};
  if (meta.title !== undefined) out.title = meta.title;
  if (meta.scenario !== undefined) out.scenario = meta.scenario;
  if (started !== undefined) out.startedAt = new Date(started).toISOString();
  if (ended !== undefined) out.endedAt = new Date(ended).toISOString();
  const duration =
    meta.durationMs ?? (started !== undefined && ended !== undefined ? ended - started : undefined);
  if (duration !== undefined) out.durationMs = duration;
  if (meta.concurrency !== undefined) out.concurrency = meta.concurrency;
  if (meta.runId !== undefined) out.runId = meta.runId;
  if (meta.runIds !== undefined) out.runIds = [...meta.runIds];
  if (meta.httpRequests !== undefined)
    out.httpRequests = { sent: meta.httpRequests.sent, failed: meta.httpRequests.failed };
  if (meta.cloudName !== undefined) out.cloudName = meta.cloudName;
  if (meta.toolVersions !== undefined) out.toolVersions = { ...meta.toolVersions };
  const totals = data.methods.reduce(
    (t, m) => ({ methods: t.methods + 1, pass: t.pass + m.pass, fail: t.fail + m.fail }),
    { methods: 0, pass: 0, fail: 0 },
  );
  return { schemaVersion: JSON_REPORT_SCHEMA_VERSION, meta: out, totals, stats: data.doc };
}

/** {@link toJsonReport} as text (2-space indented, newline-terminated). */
export function formatJsonReport(
  input: ReportInput,
  meta: ReportMeta = {},
  options: RedactOptions = {},
): string {
  return `${JSON.stringify(toJsonReport(input, meta, options), null, 2)}\n`;
}

const count = { type: 'integer', minimum: 0 } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;

/** JSON Schema (draft 2020-12) of {@link JsonReport}. */
export const JSON_REPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:track:report:1',
  title: '@track run report',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'meta', 'totals', 'stats'],
  properties: {
    schemaVersion: { const: 1 },
    meta: {
      type: 'object',
      additionalProperties: false,
      properties: {
        title: { type: 'string' },
        scenario: { type: 'string' },
        startedAt: { type: 'string', format: 'date-time' },
        endedAt: { type: 'string', format: 'date-time' },
        durationMs: nonNegative,
        concurrency: count,
        runId: { type: 'string', minLength: 1 },
        runIds: { type: 'array', items: { type: 'string', minLength: 1 } },
        httpRequests: {
          type: 'object',
          additionalProperties: false,
          required: ['sent', 'failed'],
          properties: { sent: count, failed: count },
        },
        cloudName: { type: 'string' },
        toolVersions: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    totals: {
      type: 'object',
      additionalProperties: false,
      required: ['methods', 'pass', 'fail'],
      properties: { methods: count, pass: count, fail: count },
    },
    stats: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'methods'],
      properties: {
        version: { const: 1 },
        methods: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: [
              'client',
              'method',
              'pass',
              'fail',
              'retries',
              'droppedFailures',
              'failures',
              'latency',
            ],
            properties: {
              client: { type: 'string', minLength: 1 },
              method: { type: 'string', minLength: 1 },
              pass: count,
              fail: count,
              retries: count,
              whitelisted: count,
              inFlight: count,
              droppedFailures: count,
              maxFailureTraces: count,
              failures: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['stack', 'count', 'firstAt', 'lastAt'],
                  properties: {
                    stack: { type: 'string', minLength: 1 },
                    count: { type: 'integer', minimum: 1 },
                    name: { type: 'string' },
                    message: { type: 'string' },
                    normalizedMessage: { type: 'string' },
                    status: count,
                    firstAt: nonNegative,
                    lastAt: nonNegative,
                  },
                },
              },
              latency: {
                type: 'object',
                additionalProperties: false,
                required: ['count', 'sum', 'min', 'max', 'buckets'],
                properties: {
                  count,
                  sum: nonNegative,
                  min: nonNegative,
                  max: nonNegative,
                  buckets: {
                    type: 'object',
                    propertyNames: { pattern: '^[0-9]+$' },
                    additionalProperties: { type: 'integer', minimum: 1 },
                  },
                },
              },
            },
          },
        },
        timeline: {
          type: 'object',
          additionalProperties: false,
          required: ['bucketMs', 'buckets'],
          properties: {
            bucketMs: { type: 'number', exclusiveMinimum: 0 },
            buckets: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['at', 'pass', 'fail'],
                properties: { at: nonNegative, pass: count, fail: count },
              },
            },
          },
        },
      },
    },
  },
} as const;
