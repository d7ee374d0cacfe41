import { expect, describe as group, test } from 'vitest';
import { Timeline } from './timeline';
import { Trace } from './trace';
import { describe } from './whitelist';

group('describe: values in error messages', () => {
  test.each([
    [null, 'null'],
    [undefined, 'undefined'],
    ['short', 'string "short"'],
    ['x'.repeat(41), `string "${'x'.repeat(40)}…"`],
    ['x'.repeat(40), `string "${'x'.repeat(40)}"`],
    [function named() {}, 'function named'],
    [[1], 'an array'],
    [{}, 'object [object Object]'],
    [new Map(), 'object [object Map]'],
    [3, 'number 3'],
    [true, 'boolean true'],
  ])('%s -> %s', (value, text) => {
    expect(describe(value)).toBe(text);
  });

  test('an anonymous function', () => {
    expect(describe(Object.defineProperty(() => {}, 'name', { value: '' }))).toBe('function (anonymous)');
  });
});

group('option errors say what was passed', () => {
  test('decorate name option', () => {
    expect(() => new Trace().decorate({ a: () => 1 }, { name: 42 as never })).toThrow(
      new TypeError('Trace.decorate option name must be a non-empty string, got number 42'),
    );
    expect(() => new Trace().decorate({ a: () => 1 }, { name: '' })).toThrow(
      new TypeError('Trace.decorate option name must be a non-empty string, got string ""'),
    );
  });

  test('an object without a named constructor is counted as Object', () => {
    const trace = new Trace();
    const bare = Object.assign(Object.create(null) as object, { list: () => 1 }) as { list: () => number };
    trace.decorate(bare).list();
    const anonymous = new (class {
      list(): number {
        return 1;
      }
    })();
    Object.defineProperty(anonymous.constructor, 'name', { value: '' });
    trace.decorate(anonymous).list();
    expect(trace.stats.get('Object', 'list')?.pass).toBe(2);
  });

  test('Timeline needs a positive width and two buckets', () => {
    expect(() => new Timeline(0)).toThrow(new RangeError('Timeline needs bucketMs > 0 and maxBuckets >= 2'));
    expect(() => new Timeline(1000, 1)).toThrow(RangeError);
    expect(new Timeline(250, 2).bucketMs).toBe(250);
  });
});
