import { describe, expect, test } from 'vitest';
import { CliError } from '../cli-error';
import { parsePercentagePoints, parseRelativePercent } from './compare-limits';

describe('compare limits', () => {
  test.each([
    ['0.5pp', 0.5],
    ['2pp', 2],
    [' 0 pp', 0],
  ])('--max-fail-rate-increase %j is %s percentage points', (text, value) => {
    expect(parsePercentagePoints(text, '--max-fail-rate-increase')).toBe(value);
  });

  test.each(['0.5', '0.5%', '-1pp', 'pp', '101pp'])('--max-fail-rate-increase %j is refused', (text) => {
    expect(() => parsePercentagePoints(text, '--max-fail-rate-increase')).toThrow(CliError);
    expect(() => parsePercentagePoints(text, '--max-fail-rate-increase')).toThrow(/like 0\.5pp/);
  });

  test.each([
    ['20%', 20],
    ['150%', 150],
  ])('--max-p95-increase %j is %s percent', (text, value) => {
    expect(parseRelativePercent(text, '--max-p95-increase')).toBe(value);
  });

  test.each(['20', '20pp', '-5%', '%'])('--max-p95-increase %j is refused', (text) => {
    expect(() => parseRelativePercent(text, '--max-p95-increase')).toThrow(/like 20%/);
  });
});
