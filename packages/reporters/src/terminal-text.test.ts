import { type MethodStatsJSON, type StatsJSON, terminalText } from '@track/core';
import { describe, expect, test } from 'vitest';
import { toJUnit } from './junit-format';
import { formatLog, formatStatsLines } from './log-format';
import { formatTable } from './table-format';
import { latencyOf } from './test-support/latency-of';

const ATTACK = '\u001b[2J\u001b]0;pwned\u0007';

function method(fields: Partial<MethodStatsJSON>): MethodStatsJSON {
  return {
    client: 'VolumesClient',
    method: 'getVolume',
    pass: 10,
    fail: 0,
    retries: 0,
    droppedFailures: 0,
    failures: [],
    latency: latencyOf([10]),
    ...fields,
  };
}

const hostileRun: StatsJSON = {
  version: 1,
  methods: [
    method({
      client: `Volumes${ATTACK}Client`,
      method: 'get\rVolume\u009b31m',
      fail: 1,
      failures: [
        {
          stack: `Ev\u202Eil: ${ATTACK} message\n    at frame${ATTACK} (x.ts:1:1)`,
          count: 1,
          name: `Ev\u202Eil${ATTACK}`,
          message: `${ATTACK} message \u001bP+q\u001b\\ with DCS`,
          firstAt: 0,
          lastAt: 0,
        },
      ],
    }),
  ],
};

// Control characters, DEL, C1 controls and bidirectional overrides; a newline only ends a line.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('untrusted text on the terminal', () => {
  test('the table shows control characters as visible escapes, never raw', () => {
    const text = formatTable(hostileRun, { color: false });
    expect(text).not.toMatch(CONTROL);
    expect(text).toContain('\\x1b[2J\\x1b]0;pwned\\x07 message \\x1bP+q\\x1b\\ with DCS');
    expect(text).toContain('Volumes\\x1b[2J\\x1b]0;pwned\\x07Client  get\\x0dVolume\\x9b31m');
    expect(text).toContain('Ev\\u202eil');
  });

  test('with colour on, the only escape sequences are the table own colours', () => {
    const text = formatTable(hostileRun, { color: true });
    expect(text.replace(/\u001b\[(?:0|2|31|32)m/g, '')).not.toMatch(CONTROL);
  });

  test('log lines stay one line per method with no control characters', () => {
    const text = formatLog(hostileRun, { now: 0, pid: 1, program: `x${ATTACK}` });
    expect(text.split('\n')).toHaveLength(2);
    expect(text).not.toMatch(CONTROL);
    expect(formatStatsLines(hostileRun)).toEqual([
      '[Volumes\\x1b[2J\\x1b]0;pwned\\x07Client:get\\x0dVolume\\x9b31m] 10 pass, 1 fail',
    ]);
  });

  test('ordinary text passes through unchanged', () => {
    expect(terminalText('VolumesClient:getVolume é ✓ 日本')).toBe('VolumesClient:getVolume é ✓ 日本');
  });
});

describe('retries', () => {
  const run: StatsJSON = {
    version: 1,
    methods: [
      method({ client: 'SnapshotsClient', method: 'createSnapshot', pass: 100 }),
      method({ pass: 6225, fail: 2, retries: 3 }),
      method({ method: 'listVolumes', pass: 7, retries: 1 }),
    ],
  };

  test('the table has a retries column beside pass and fail, and a total', () => {
    const lines = formatTable(run, { color: false }).split('\n');
    expect(lines[0]).toMatch(/^client +method +pass +fail +retries +fail % /);
    expect(lines[2]).toMatch(/^SnapshotsClient +createSnapshot +100 +0 +0 +0 /);
    expect(lines[3]).toMatch(/^VolumesClient +getVolume +6225 +2 +3 +0\.032 /);
    expect(lines.at(-2)).toBe('3 methods, 6332 pass, 2 fail, 4 retries');
  });

  test('log lines mention retries only when there were some; the line is `N pass, M fail` otherwise', () => {
    expect(formatStatsLines(run)).toEqual([
      '[SnapshotsClient:createSnapshot] 100 pass, 0 fail',
      '[VolumesClient:getVolume] 6225 pass, 2 fail, 3 retries',
      '[VolumesClient:listVolumes] 7 pass, 0 fail, 1 retry',
    ]);
  });

  test('JUnit gives each testcase a system-out line with its retries', () => {
    const xml = toJUnit(run);
    expect(xml).toContain('<system-out><![CDATA[6225 pass, 2 fail, 3 retries]]></system-out>');
    expect(xml).toContain('<system-out><![CDATA[7 pass, 0 fail, 1 retry]]></system-out>');
    expect(xml).toContain('<system-out><![CDATA[100 pass, 0 fail]]></system-out>');
  });
});
