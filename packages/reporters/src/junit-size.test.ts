import { LatencyHistogram, type StatsJSON } from '@track/core';
import { describe, expect, test } from 'vitest';
import { JUNIT_DEFAULT_MAX_BYTES, toJUnit } from './junit-format';
import { latencyOf } from './test-support/latency-of';
import { xmllint } from './test-support/system-tools';

const GITLAB_LIMIT = 30_000_000;

/** A stack as a real run writes it: 10 frames deep in pnpm's node_modules, about 1.8 KB. */
function realisticStack(method: number, trace: number): string {
  const frames = Array.from(
    { length: 10 },
    (_, depth) =>
      `    at VolumesClient.method${method % 25}Step${depth} (/home/ci/builds/group/track/node_modules/.pnpm/@track+openstack-clients@0.1.0_@track+core@0.1.0/node_modules/@track/openstack-clients/dist/index.js:${1000 + depth * 37}:${11 + trace})`,
  );
  return `OverLimit: Cinder answered 413 to GET /v3/project/volumes/${method}-${trace}: rate limit exceeded (request req-0f6b2a4c-${String(method).padStart(4, '0')}-${String(trace).padStart(4, '0')})\n${frames.join('\n')}`;
}

/** 1,000 methods x 20 distinct failure traces each: about 36 MB of JUnit in full. */
function largeDocument(): StatsJSON {
  const methods: StatsJSON['methods'] = [];
  for (let i = 0; i < 1000; i++) {
    const histogram = new LatencyHistogram();
    for (let s = 0; s < 20; s++) histogram.record(5 + ((i + s) % 40));
    methods.push({
      client: `Client${Math.floor(i / 25)}`,
      method: `method${i % 25}`,
      pass: 5000,
      fail: 40,
      retries: 0,
      droppedFailures: 0,
      failures: Array.from({ length: 20 }, (_, t) => ({
        stack: realisticStack(i, t),
        count: 2,
        name: 'OverLimit',
        message: 'rate limit exceeded',
        firstAt: 1_764_000_000_000 + t,
        lastAt: 1_764_000_060_000 + t,
      })),
      latency: histogram.toJSON(),
    });
  }
  return { version: 1, methods };
}

describe('JUnit time', () => {
  test('a testcase times all its calls, though core timed only a sample of them', () => {
    const doc: StatsJSON = {
      version: 1,
      methods: [
        {
          client: 'VolumesClient',
          method: 'listVolumes',
          pass: 990,
          fail: 10,
          retries: 0,
          droppedFailures: 0,
          failures: [],
          latency: latencyOf([20, 20, 20, 20]), // 4 timed calls of 1,000, 20 ms each
        },
      ],
    };
    const xml = toJUnit(doc);
    expect(xml).toContain('<testcase name="listVolumes" classname="VolumesClient" time="20.000">');
    expect(xml).toContain('<testsuites name="track" tests="1" failures="1" errors="0" time="20.000">');
  });
});

// Renders tens of megabytes: generous time on a loaded CI machine.
describe('JUnit size budget', { timeout: 30_000 }, () => {
  const doc = largeDocument();

  test('1,000 methods x 20 realistic traces stay under the default budget and GitLab 30 MB limit', () => {
    const full = toJUnit(doc, {}, { maxBytes: Number.POSITIVE_INFINITY });
    expect(Buffer.byteLength(full)).toBeGreaterThan(GITLAB_LIMIT);
    expect(full).not.toContain('Trimmed');

    const xml = toJUnit(doc);
    const bytes = Buffer.byteLength(xml);
    expect(bytes).toBeLessThanOrEqual(JUNIT_DEFAULT_MAX_BYTES);
    expect(bytes).toBeLessThan(GITLAB_LIMIT);
    // Every method is still a testcase with its failure; the file says what it left out.
    expect(xml.match(/<testcase /g)).toHaveLength(1000);
    expect(xml.match(/<failure /g)).toHaveLength(1000);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<!-- Trimmed to fit the 20971520-byte size budget: at most 10 failure traces per testcase, 5 stack frames per trace\. The JSON report keeps them all\. -->\n<testsuites /,
    );
    expect(xml).toContain(
      '--- 10 more distinct failures not shown (file size budget; the JSON report keeps them all)',
    );
  });

  test.each([
    [3_000_000, /at most 3 failure traces per testcase, 3 stack frames per trace/],
    [1_000_000, /at most 1 failure trace per testcase, 1 stack frame per trace/],
    [500_000, /no failure traces/],
  ])('a %i-byte budget trims traces and frames, says so, and still validates', (maxBytes, note) => {
    const xml = toJUnit(doc, {}, { maxBytes });
    expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(maxBytes);
    expect(xml).toMatch(note);
    expect(xml.match(/<failure /g)).toHaveLength(1000);
    expect(xmllint(xml)).toBe('');
  });

  test('shortened stacks keep their first frames and count the rest', () => {
    const xml = toJUnit(doc, {}, { maxBytes: 3_000_000 });
    const failure = /<failure [^>]*><!\[CDATA\[([\s\S]*?)\]\]><\/failure>/.exec(xml)![1]!;
    expect(failure).toContain('method0Step2 ');
    expect(failure).not.toContain('method0Step3 ');
    expect(failure).toContain('    ... 7 more frames (file size budget)');
    expect(failure).toContain('--- 17 more distinct failures not shown');
  });

  test('a file within its budget is not trimmed', () => {
    const small: StatsJSON = { version: 1, methods: doc.methods.slice(0, 10) };
    const xml = toJUnit(small);
    expect(xml).not.toContain('Trimmed');
    expect(xml).not.toContain('file size budget');
    expect(xml.match(/--- failure \d+:/g)).toHaveLength(200);
  });
});
