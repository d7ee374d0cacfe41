import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodStatsJSON, StatsJSON } from '@track/core';
import { describe, expect, test } from 'vitest';
import { latencyOf } from './test-support/latency-of';
import { FIXED_DOC } from './test-support/sample-stats';
import { REPORT_FORMATS, renderReport, writeReports } from './write-reports';

const [FIXED_GET_VOLUME, FIXED_CREATE_SNAPSHOT] = FIXED_DOC.methods as [MethodStatsJSON, MethodStatsJSON];

/**
 * A run with a rare failure, retries, a hostile message and a timeline: every path of every format.
 * `FIXED_DOC`'s two methods (getVolume here with retries) around a failing deleteVolume.
 */
const RUN: StatsJSON = {
  version: 1,
  methods: [
    { ...FIXED_GET_VOLUME, retries: 3 },
    {
      client: 'VolumesClient',
      method: 'deleteVolume',
      pass: 0,
      fail: 1,
      retries: 0,
      droppedFailures: 0,
      failures: [
        {
          stack:
            'BadRequest: <b>bad</b> ]]> \u001b[2J\u001b]0;pwned\u0007 & "quoted"\n    at VolumesClient.deleteVolume (volumes-client.ts:80:9)',
          count: 1,
          name: 'BadRequest',
          message: '<b>bad</b> ]]> \u001b[2J\u001b]0;pwned\u0007 & "quoted"',
          firstAt: 1_764_000_030_000,
          lastAt: 1_764_000_030_000,
        },
      ],
      latency: latencyOf([120]),
    },
    FIXED_CREATE_SNAPSHOT,
  ],
  timeline: {
    bucketMs: 1000,
    buckets: [
      { at: 1_764_000_000_000, pass: 3000, fail: 1 },
      { at: 1_764_000_001_000, pass: 3325, fail: 2 },
    ],
  },
};

const META = {
  scenario: 'volume-churn',
  startedAt: 1_764_000_000_000,
  endedAt: 1_764_000_090_000,
  concurrency: 4,
  cloudName: 'fake',
  toolVersions: { '@track/core': '0.1.0', node: 'v20' },
};

// Local time: osloTimestamp writes local time, so the log reads 2026-11-25 15:23:40.729 in any zone.
const NOW = new Date(2026, 10, 25, 15, 23, 40, 729);
const FIXED = { meta: META, now: NOW, pid: 12273, program: 'cinder-stress' };

const FILES = {
  log: 'stats.log',
  table: 'summary.txt',
  json: 'report.json',
  junit: 'junit.xml',
  html: 'report.html',
} as const;

describe('exact output for a fixed run, time and process id', () => {
  test.each(REPORT_FORMATS)('%s', async (format) => {
    const text = renderReport(format, RUN, FIXED);
    await expect(text).toMatchFileSnapshot(`__snapshots__/fixed-run/${FILES[format]}.snap`);
  });

  test('writeReports writes exactly what renderReport renders, the same on every run', async () => {
    const outDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'reports-snapshot-')));
    for (const outDir of outDirs) await writeReports(RUN, { ...FIXED, formats: REPORT_FORMATS, outDir });
    for (const format of REPORT_FORMATS) {
      const [first, second] = outDirs.map((dir) => readFileSync(join(dir, FILES[format]), 'utf8'));
      expect(first, format).toBe(renderReport(format, RUN, FIXED));
      expect(second, format).toBe(first);
    }
  });

  test('the log names the program given, `track` by default, whatever the scenario', () => {
    expect(renderReport('log', RUN, FIXED)).toMatch(
      /^2026-11-25 15:23:40\.729 12273 INFO cinder-stress \[-\] /,
    );
    const plain = renderReport('log', RUN, { meta: META, now: NOW, pid: 1 });
    expect(plain.split('\n')[0]).toBe(
      '2026-11-25 15:23:40.729 1 INFO track [-] [SnapshotsClient:createSnapshot] 100 pass, 0 fail',
    );
  });
});
