import { describe, expect, test } from 'vitest';
import { capText, identify, MAX_TRACE_TEXT } from './failure-identity';

describe('identify: what a thrown value says about itself', () => {
  test.each([
    ['null', null, { name: 'object', message: 'null', status: undefined }],
    ['a string', 'no', { name: 'string', message: 'string "no"', status: undefined }],
    ['a symbol-free number', 7, { name: 'number', message: 'number 7', status: undefined }],
    [
      'an Error with a status',
      Object.assign(new TypeError('bad'), { status: 0 }),
      { name: 'TypeError', message: 'bad', status: 0 },
    ],
    [
      'an object with non-string name and message',
      { name: 42, message: ['x'], status: '500' },
      { name: undefined, message: undefined, status: undefined },
    ],
    [
      'an object with a negative or fractional status and a statusCode',
      { name: 'E', message: 'm', status: -1, statusCode: 503 },
      { name: 'E', message: 'm', status: 503 },
    ],
    [
      'a status that is not a safe integer',
      { status: 2 ** 60 },
      { name: undefined, message: undefined, status: undefined },
    ],
  ])('%s', (_, value, expected) => {
    expect(identify(value)).toEqual(expected);
  });

  test('a thrown function is read like an object: its name, no message', () => {
    function boom(): void {}
    expect(identify(boom)).toEqual({ name: 'boom', message: undefined, status: undefined });
  });

  test('getters that throw read as absent', () => {
    const hostile = {};
    for (const key of ['name', 'message', 'status', 'statusCode']) {
      Object.defineProperty(hostile, key, {
        get() {
          throw new Error(key);
        },
      });
    }
    expect(identify(hostile)).toEqual({ name: undefined, message: undefined, status: undefined });
  });
});

describe('capText', () => {
  test('text up to the cap is kept whole; one character more is cut with a note', () => {
    const full = 'a'.repeat(MAX_TRACE_TEXT);
    expect(capText(full)).toBe(full);
    expect(capText(`${full}bc`)).toBe(`${full}\n[truncated 2 characters]`);
    expect(MAX_TRACE_TEXT).toBe(65_536);
  });

  test('a long message is capped when identified', () => {
    const message = identify(new Error('m'.repeat(MAX_TRACE_TEXT + 1))).message!;
    expect(message).toBe(`${'m'.repeat(MAX_TRACE_TEXT)}\n[truncated 1 characters]`);
  });
});
