import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stats, type StatsJSON } from '@track/core';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { embedUplot } from '../tsup.config';
import { rankMethods, toHtml } from './html-format';
import { manyMethods, realisticStack } from './test-support/html-fixtures';
import { FIXED_DOC, HOSTILE, sampleStats } from './test-support/sample-stats';

const meta = { scenario: 'cinder-stress', cloudName: 'fake' };

const MiB = 1024 * 1024;

function oneMethod(pass: number, fail: number, stack = 'NotFound: gone\n    at x (y.js:1:1)'): StatsJSON {
  const [first] = FIXED_DOC.methods;
  if (!first) throw new Error('FIXED_DOC has no method');
  return {
    version: 1,
    methods: [
      {
        ...first,
        pass,
        fail,
        failures:
          fail === 0
            ? []
            : [{ stack, count: fail, name: 'NotFound', message: 'gone', firstAt: 1, lastAt: 2 }],
      },
    ],
  };
}

function dataIsland(html: string) {
  const json = /<script type="application\/json" id="track-data">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(json ?? 'null') as {
    failing: { label: string; fail: number; failPct: number }[];
    busiest: { label: string; pass: number; fail: number }[];
    slowest: { label: string }[];
  };
}

describe('HTML size budget', { timeout: 60_000 }, () => {
  test('1,000 methods x 20 realistic traces stay within 5 MB and say what was trimmed', () => {
    const html = toHtml(manyMethods(1000, 20));
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(5 * MiB);
    const notice = /<p class="trimmed" id="trimmed">(.*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(notice).toMatch(/Trimmed to the 5\.0 MB size budget/);
    expect(notice).toMatch(/JSON report keeps every trace/);
    // Every failing method keeps at least its most frequent trace.
    expect(html).toContain('Volume vol-999-0 could not be found.');
  });

  test.each([1, 2, 0.5])('a %s MB budget is kept', (megabytes) => {
    const html = toHtml(manyMethods(300, 20), {}, { maxBytes: megabytes * MiB });
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(megabytes * MiB);
    expect(html).toContain('id="trimmed"');
  });

  test('a report within budget is not trimmed and shows stacks whole', () => {
    const stack = realisticStack('Volume v1 could not be found.', 1);
    const html = toHtml(oneMethod(100, 3, stack));
    expect(html).not.toContain('id="trimmed"');
    expect(html).not.toContain('[truncated');
    expect(html).toContain('@track/openstack-clients/dist/index.js:453:6)');
  });

  test('a table larger than the budget says no traces fit instead of failing', () => {
    const html = toHtml(manyMethods(200, 2), {}, { maxBytes: 1000 });
    expect(html).toMatch(/table alone is [\d.]+ MB, so no stack traces are shown/);
    expect(html).not.toContain('<pre>');
  });

  test('budgeted output is deterministic', () => {
    const doc = manyMethods(200, 20);
    expect(toHtml(doc, {}, { maxBytes: MiB })).toBe(toHtml(doc, {}, { maxBytes: MiB }));
  });
});

describe('HTML failure overview', () => {
  test('failing methods are listed by failures with their first error; 0.02 % does not read as 0', () => {
    const doc: StatsJSON = { version: 1, methods: [...manyMethods(3, 1).methods] };
    const rare = oneMethod(49_990, 10).methods[0];
    if (rare) doc.methods.push({ ...rare, client: 'SnapshotsClient', method: 'createSnapshot' });
    const html = toHtml(doc);
    const list = /<table id="failing">(.*?)<\/table>/s.exec(html)?.[1] ?? '';
    const methodsInOrder = [...list.matchAll(/href="#method-\d+">([^<]+)</g)].map((m) => m[1]);
    expect(methodsInOrder).toEqual(['createVolumeAttachment2', 'createVolumeAttachment1', 'createSnapshot']);
    expect(list).toContain('<td>0.020</td>');
    expect(list).toContain('NotFound: gone');
    expect(html).toMatch(
      /<tr id="method-\d+" class="method failing"[^>]*data-method="createSnapshot"[^>]*>.*<td>0\.020<\/td>/,
    );
  });

  test.each([
    [1, 1_000_000, 1e-4],
    [1, 100_000_000, 1e-6],
    [2, 6227, (100 * 2) / 6227],
  ])('the fail rate chart gets %i failures in %i calls as a non-zero rate', (fail, calls, percent) => {
    const data = dataIsland(toHtml(oneMethod(calls - fail, fail)));
    expect(data.failing[0]?.failPct).toBeCloseTo(percent, 12);
    expect(data.failing[0]?.failPct).toBeGreaterThan(0);
  });

  test('a run without failures says so', () => {
    expect(toHtml(oneMethod(10, 0))).toContain('<p class="ok" id="no-failures">No failures.</p>');
  });

  test('charts rank the top methods only, with full names, however many methods ran', () => {
    const doc = manyMethods(1000, 1);
    const data = dataIsland(toHtml(doc, {}, { chartMethods: 15 }));
    expect(data.failing).toHaveLength(15);
    expect(data.busiest).toHaveLength(15);
    expect(data.slowest).toHaveLength(15);
    expect(data.failing[0]?.label).toBe('VolumeAttachmentsClient0:createVolumeAttachment6');
    const calls = data.busiest.map((r) => r.pass + r.fail);
    expect(calls).toEqual([...calls].sort((a, b) => b - a));
    expect(calls[0]).toBe(Math.max(...doc.methods.map((m) => m.pass + m.fail)));
  });

  test.each([
    ['failures, then fail rate', 'failing', ['b', 'c', 'a']],
    ['calls', 'busiest', ['c', 'a', 'b', 'd']],
  ] as const)('rankMethods orders by %s, ties in table order', (_, key, expected) => {
    const stats = Stats.fromJSON({
      version: 1,
      methods: [
        { ...oneMethod(100, 5).methods[0], client: 'X', method: 'a' },
        { ...oneMethod(95, 10).methods[0], client: 'X', method: 'b' },
        { ...oneMethod(190, 10).methods[0], client: 'X', method: 'c' },
        { ...oneMethod(50, 0).methods[0], client: 'X', method: 'd' },
      ] as StatsJSON['methods'],
    });
    const ranked = rankMethods(stats.methods(), 10)[key];
    expect(ranked.map((r) => r.method.method)).toEqual(expected);
  });
});

describe('uPlot embedded at build time', () => {
  test('the built package renders a report with no uplot package installed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundled-reporters-'));
    const out = await build({
      entryPoints: [join(__dirname, 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      plugins: [embedUplot],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/from ['"]uplot|uplot\/dist/);
    writeFileSync(join(dir, 'index.js'), code);
    // Only the real runtime dependencies, not uplot.
    const modules = join(__dirname, '..', 'node_modules');
    mkdirSync(join(dir, 'node_modules', '@track'), { recursive: true });
    symlinkSync(realpathSync(join(modules, '@track', 'core')), join(dir, 'node_modules', '@track', 'core'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const html = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { toHtml } from './index.js'; process.stdout.write(toHtml({ version: 1, methods: [] }));`,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(html).toContain('uPlot (v1.');
    expect(html).toContain('.uplot');
  }, 30_000);
});

describe('HTML', () => {
  test('the header shows HTTP requests counted at the transport beside the traced calls, each labelled', () => {
    const html = toHtml(FIXED_DOC, {
      ...meta,
      startedAt: 1_764_000_000_000,
      endedAt: 1_764_000_090_000,
      runId: '20261201abcdef',
      httpRequests: { sent: 9000, failed: 3 },
    });
    const facts = html.slice(html.indexOf('<dl class="facts">'), html.indexOf('</dl>'));
    expect(facts).toContain('<dt>HTTP requests</dt><dd>9000 (3 failed, 100.0/s)</dd>');
    expect(facts).toContain('<dt>traced calls pass</dt>');
    expect(facts).toContain('<dt>run</dt><dd>20261201abcdef</dd>');
  });

  test('self-contained: no http(s) reference, uPlot inlined, CSP by hash, untrusted text escaped', async () => {
    const html = toHtml(await sampleStats(), meta);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('uPlot');
    expect(html).toMatch(/script-src &#39;sha256-[A-Za-z0-9+/=]+&#39; &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
    expect(html).not.toContain(HOSTILE[0]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert(2)</script>');
  });
});
