import { describe, expect, test } from 'vitest';
import { terminalText, visibleText } from './terminal-text';

describe('visibleText', () => {
  test('escapes line feeds, tabs and carriage returns by default', () => {
    expect(visibleText('a\n\tb\r')).toBe('a\\x0a\\x09b\\x0d');
    expect(visibleText('a\n\tb\r', { multiline: false })).toBe('a\\x0a\\x09b\\x0d');
  });

  test('keeps line feeds and tabs when multiline, and escapes every other control', () => {
    expect(visibleText('a\n\tb\r\u001b[2J\u202e\u2028\ud800', { multiline: true })).toBe(
      'a\n\tb\\x0d\\x1b[2J\\u202e\\u2028\\ud800',
    );
  });

  test('leaves ordinary text and whole surrogate pairs alone', () => {
    expect(visibleText('VolumesClient:getVolume é ✓ 日本 😀', { multiline: true })).toBe(
      'VolumesClient:getVolume é ✓ 日本 😀',
    );
  });
});

test('terminalText is visibleText on one line', () => {
  const text = 'a\n\tb\u001b]0;x\u0007\u2066';
  expect(terminalText(text)).toBe(visibleText(text));
  expect(terminalText(text)).toBe('a\\x0a\\x09b\\x1b]0;x\\x07\\u2066');
});
