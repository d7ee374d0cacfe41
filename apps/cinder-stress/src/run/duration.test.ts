import { describe, expect, test } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['2', 2000],
    ['0s', 0],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text, '--duration')).toBe(ms);
  });

  test.each([
    ['soon', {}, /--x must be a duration like 30s/],
    ['0s', { minMs: 1 }, /--x must be at least 1ms, got "0s"/],
    ['500ms', { minMs: 1000 }, /--x must be at least 1s, got "500ms"/],
  ])('%s with %j is rejected naming the option', (text, limits, message) => {
    expect(() => parseDuration(text, '--x', limits)).toThrow(message);
  });
});
