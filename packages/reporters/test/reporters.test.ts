import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stats } from '@track/core';
import {
  formatLog,
  formatTable,
  JSON_REPORT_SCHEMA,
  logStats,
  parseReportFormats,
  type ReportFormat,
  ReportWriteError,
  toHtml,
  toJsonReport,
  toJUnit,
  UnknownReportFormat,
  writeReports,
} from '@track/reporters';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { FIXED_DOC, fixedStats, HOSTILE, sampleStats } from './sample-stats';

const XSD = join(__dirname, 'fixtures', 'junit-strict.xsd');
const meta = {
  scenario: 'cinder-stress',
  startedAt: 1_764_000_000_000,
  endedAt: 1_764_000_090_000,
  concurrency: 4,
  cloudName: 'fake',
  toolVersions: { node: 'v20' },
};

function xmllint(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junit-'));
  const file = join(dir, 'junit.xml');
  writeFileSync(file, xml);
  return execFileSync('xmllint', ['--noout', '--schema', XSD, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

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

describe('table', () => {
  test('aligned columns and top failures with their first frame; colour only when asked', () => {
    const text = formatTable(fixedStats(), { color: false });
    expect(text).toMatchInlineSnapshot(`
      "client           method          pass  fail  retries  fail %  p50 ms  p95 ms  p99 ms  max ms
      ---------------  --------------  ----  ----  -------  ------  ------  ------  ------  ------
      SnapshotsClient  createSnapshot   100     0        0     0.0   20.00   20.00   20.00   20.00
      VolumesClient    getVolume       6225     2        0    <0.1   10.05   15.00   15.00   15.00
          2x NotFound: Volume v1 could not be found. at VolumesClient.getVolume (volumes-client.ts:42:11)

      2 methods, 6325 pass, 2 fail
      "
    `);
    expect(text).not.toContain('\u001b[');
    expect(formatTable(fixedStats(), { color: true })).toContain('\u001b[31m');
  });
});

describe('JSON', () => {
  test('valid against the shipped schema, carries the meta and round-trips through Stats.fromJSON', async () => {
    const stats = await sampleStats();
    const report = toJsonReport(stats, meta);
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

  test('carries the run id and the HTTP requests counted at the transport, valid against the schema', () => {
    const report = toJsonReport(FIXED_DOC, {
      ...meta,
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

  test('the schema rejects a report carrying anything else, e.g. a credential', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    const report = JSON.parse(JSON.stringify(toJsonReport(FIXED_DOC, meta)));
    report.meta.password = 'x';
    expect(ajv.validate(JSON_REPORT_SCHEMA, report)).toBe(false);
  });
});

describe('JUnit XML', () => {
  test('validates against the strict XSD with hostile failure messages', async () => {
    const xml = toJUnit(await sampleStats(), meta);
    expect(xmllint(xml)).toBe('');
    expect(xml).not.toMatch(/[\u0001\u0008\u001b]/);
    expect(xml).toContain(']]]]><![CDATA[>');
  });

  test('one testsuite per client, one testcase per method, counts equal the children', () => {
    const xml = toJUnit(FIXED_DOC, meta);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('<testsuites name="cinder-stress" tests="2" failures="1" errors="0"');
    // Core timed 3 of the 6,227 calls (mean 10 ms): the testcase's time covers all of them.
    expect(xml).toContain('<testcase name="getVolume" classname="VolumesClient" time="62.270">');
    expect(xml).toContain(
      'message="2 of 6227 calls failed; most frequent: NotFound: Volume v1 could not be found."',
    );
  });

  test('very long failure text is capped with a note, and still validates', () => {
    const doc = structuredClone(FIXED_DOC);
    doc.methods[0]!.failures[0]!.stack = `Error: long\n${'    at frame (x.ts:1:1)\n'.repeat(20_000)}`;
    const xml = toJUnit(doc, meta, { maxFailureBytes: 10_000 });
    expect(xml).toMatch(/\[truncated \d+ bytes\]/);
    expect(xml.length).toBeLessThan(20_000);
    expect(xmllint(xml)).toBe('');
  });
});

describe('HTML', () => {
  test('self-contained: no http(s) reference, uPlot inlined, CSP by hash, untrusted text escaped', async () => {
    const html = toHtml(await sampleStats(), meta);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('uPlot');
    expect(html).toMatch(/script-src &#39;sha256-[A-Za-z0-9+/=]+&#39; &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
    expect(html).not.toContain(HOSTILE[0]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert(2)</script>');
  });

  test('the header shows HTTP requests counted at the transport beside the traced calls, each labelled', () => {
    const html = toHtml(FIXED_DOC, {
      ...meta,
      runId: '20261201abcdef',
      httpRequests: { sent: 9000, failed: 3 },
    });
    const facts = html.slice(html.indexOf('<dl class="facts">'), html.indexOf('</dl>'));
    expect(facts).toContain('<dt>HTTP requests</dt><dd>9000 (3 failed, 100.0/s)</dd>');
    expect(facts).toContain('<dt>traced calls pass</dt>');
    expect(facts).toContain('<dt>run</dt><dd>20261201abcdef</dd>');
  });
});

describe('determinism and writing', () => {
  test('the same input renders the same output', () => {
    for (const render of [
      () => toJUnit(FIXED_DOC, meta),
      () => toHtml(FIXED_DOC, meta),
      () => JSON.stringify(toJsonReport(FIXED_DOC, meta)),
    ]) {
      expect(render()).toBe(render());
    }
  });

  test('writeReports writes every format atomically into a created directory', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'reports-')), 'nested', 'dir');
    const paths = await writeReports(FIXED_DOC, {
      formats: ['log', 'table', 'json', 'junit', 'html'],
      outDir: out,
      meta,
    });
    expect(paths.map((p) => p.slice(out.length + 1))).toEqual([
      'stats.log',
      'summary.txt',
      'report.json',
      'junit.xml',
      'report.html',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).schemaVersion).toBe(1);
  });

  test('an unwritable target is a clear error naming the path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'reports-')), 'a-file');
    writeFileSync(file, 'x');
    const error = await writeReports(FIXED_DOC, { formats: ['json'], outDir: join(file, 'sub') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as ReportWriteError).path).toBe(join(file, 'sub'));
  });

  test('writeReports refuses an unknown format before writing any file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'reports-')), 'out');
    const formats = ['json', 'pdf'] as unknown as ReportFormat[];
    const error = await writeReports(FIXED_DOC, { formats, outDir: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownReportFormat);
    expect((error as UnknownReportFormat).format).toBe('pdf');
    expect((error as Error).message).toBe(
      'Unknown report format "pdf": use one of log, table, json, junit, html',
    );
    expect(existsSync(out)).toBe(false);
  });

  test('an unknown format name is refused with the known ones', () => {
    expect(() => parseReportFormats(['json', 'pdf'])).toThrow(UnknownReportFormat);
    expect(() => parseReportFormats(['pdf'])).toThrow(/log, table, json, junit, html/);
  });
});
