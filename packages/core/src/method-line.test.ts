import { describe, expect, test } from 'vitest';
import { formatMethodLine } from './method-line';
import { Stats } from './stats';
import { terminalText } from './terminal-text';
import { Trace } from './trace';

describe('formatMethodLine: the per-method log line', () => {
  test.each([
    [{ client: 'V', method: 'get', pass: 3, fail: 1, retries: 0 }, '[V:get] 3 pass, 1 fail'],
    [{ client: 'V', method: 'get', pass: 3, fail: 1, retries: 1 }, '[V:get] 3 pass, 1 fail, 1 retry'],
    [{ client: 'V', method: 'get', pass: 0, fail: 2, retries: 5 }, '[V:get] 0 pass, 2 fail, 5 retries'],
    [
      { client: 'Evil\u001b[2J', method: 'get\nforged\u202e', pass: 1, fail: 0, retries: 0 },
      '[Evil\\x1b[2J:get\\x0aforged\\u202e] 1 pass, 0 fail',
    ],
  ])('%j -> %s', (counts, line) => {
    expect(formatMethodLine(counts)).toBe(line);
  });

  test('terminalText escapes C0, DEL, C1 and bidirectional controls, nothing else', () => {
    expect(terminalText('a\u0000b\u007fc\u009bd\u061ce\u200ef\u2066g é ✓')).toBe(
      'a\\x00b\\x7fc\\x9bd\\u061ce\\u200ef\\u2066g é ✓',
    );
  });

  test('Stats.log writes formatMethodLine for each method, with retries and escapes', () => {
    const stats = new Stats();
    const trace = new Trace({ stats });
    const client = trace.decorate({ get: () => 1 }, { name: 'Vol\u001bumes' });
    client.get();
    stats.recordRetry('Vol\u001bumes', 'get');
    const lines: string[] = [];
    const returned = stats.log({ info: (line) => lines.push(line) });
    expect(lines).toEqual(['[Vol\\x1bumes:get] 1 pass, 0 fail, 1 retry']);
    expect(returned).toEqual(stats.methods());
  });
});

test('terminalText escapes line and paragraph separators and lone surrogates, keeps whole pairs', () => {
  expect(terminalText('a\u2028b\u2029c\ud800d\udc00e😀')).toBe('a\\u2028b\\u2029c\\ud800d\\udc00e😀');
});
