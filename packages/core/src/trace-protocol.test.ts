import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { Trace } from './trace';

class ServiceClient {
  getVolume(id: string): string {
    return id;
  }
  toJSON(): object {
    return { service: 'volume' };
  }
  toString(): string {
    return 'ServiceClient';
  }
  valueOf(): number {
    return 7;
  }
  toLocaleString(): string {
    return 'ServiceClient (local)';
  }
  inspect(): string {
    return 'inspected';
  }
  [inspect.custom](): string {
    return 'ServiceClient{}';
  }
  *[Symbol.iterator](): Generator<number> {
    yield 1;
  }
  hasOwnProperty(key: PropertyKey): boolean {
    return Object.hasOwn(this, key);
  }
}

describe('Trace.decorate: JavaScript protocol methods are never counted', () => {
  test('JSON.stringify, String, valueOf, toLocaleString, inspect and iteration add no row', () => {
    const trace = new Trace();
    const client = trace.decorate(new ServiceClient());
    expect(JSON.stringify(client)).toBe('{"service":"volume"}');
    expect(String(client)).toBe('ServiceClient');
    expect(`${client}`).toBe('ServiceClient');
    expect(+client).toBe(7);
    expect(client.toLocaleString()).toBe('ServiceClient (local)');
    expect(client.inspect()).toBe('inspected');
    expect(inspect(client)).toBe('ServiceClient{}');
    expect([...client]).toEqual([1]);
    // biome-ignore lint/suspicious/noPrototypeBuiltins: the client's own hasOwnProperty, called as a client would
    expect(client.hasOwnProperty('x')).toBe(false);
    expect(trace.stats.methods()).toEqual([]);
    client.getVolume('v');
    expect(trace.stats.methods().map((m) => m.method)).toEqual(['getVolume']);
  });

  test('a `then` method is not wrapped: awaiting a client calls it uncounted', async () => {
    const trace = new Trace();
    const thenable = trace.decorate({
      // biome-ignore lint/suspicious/noThenProperty: a client that is a thenable, on purpose
      then(resolve: (value: string) => void) {
        resolve('done');
      },
      list: () => [],
    });
    expect(await thenable).toBe('done');
    thenable.list();
    expect(trace.stats.methods().map((m) => m.method)).toEqual(['list']);
  });

  test("Object.prototype's methods are never wrapped, on the object or on Object.prototype", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).map(
      (name) => Object.getOwnPropertyDescriptor(Object.prototype, name)!.value,
    );
    const trace = new Trace();
    const plain = trace.decorate({ list: () => 1 }, { name: 'Plain' });
    const bare = trace.decorate(Object.assign(Object.create(null) as object, { valueOf: () => 3 }), {
      name: 'Bare',
    });
    expect(Object.getOwnPropertyNames(plain)).toEqual(['list']);
    expect(Object.getOwnPropertyDescriptor(bare, 'valueOf')!.value()).toBe(3);
    // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.prototype's methods, called on the decorated object
    expect(plain.hasOwnProperty('list')).toBe(true);
    // biome-ignore lint/suspicious/noPrototypeBuiltins: as above
    expect(plain.propertyIsEnumerable('list')).toBe(true);
    expect(
      Object.getOwnPropertyNames(Object.prototype).map(
        (name) => Object.getOwnPropertyDescriptor(Object.prototype, name)!.value,
      ),
    ).toEqual(before);
    expect(trace.stats.methods()).toEqual([]);
  });
});

describe('Trace.decorate: exclude option', () => {
  test('excluded names and RegExp matches stay unwrapped and uncounted', () => {
    const trace = new Trace();
    const client = {
      getVolume: () => 1,
      debugDump: () => 2,
      debugTrace: () => 3,
      close: () => 4,
    };
    const original = client.close;
    trace.decorate(client, { name: 'C', exclude: ['close', /^debug/g] });
    client.getVolume();
    client.debugDump();
    client.debugTrace();
    client.debugDump();
    client.close();
    expect(client.close).toBe(original);
    expect(trace.stats.methods().map((m) => m.method)).toEqual(['getVolume']);
  });

  test.each([
    [
      'close',
      'Trace.decorate option exclude must be an array of method names or RegExps, got string "close"',
    ],
    [[''], 'Trace.decorate option exclude[0] must be a non-empty string or a RegExp, got string ""'],
    [['a', 3], 'Trace.decorate option exclude[1] must be a non-empty string or a RegExp, got number 3'],
  ])('a bad exclude (%j) throws a TypeError naming the entry', (exclude, message) => {
    expect(() => new Trace().decorate({ a: () => 1 }, { exclude: exclude as never })).toThrow(
      new TypeError(message),
    );
  });
});
