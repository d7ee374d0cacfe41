import type { DecorateOptions } from './trace';
import { describe, statelessCopy } from './whitelist';

// Which methods of an object `Trace.decorate` wraps, and under which client name.

/**
 * Names that are part of JavaScript's object protocols rather than a client's API: called by
 * `JSON.stringify`, string conversion, `util.inspect`, `await` (`then`) or `Object.prototype`
 * helpers, never counted. Symbol-keyed methods (`util.inspect.custom`, `Symbol.iterator`...) are
 * never wrapped either.
 */
const PROTOCOL_METHODS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'toJSON',
  'inspect',
  'then',
]);

/** The name a decorated client's methods are counted under: its constructor's name, else `Object`. */
export function clientNameOf(target: object): string {
  const ctor = (target as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name.length > 0 ? ctor.name : 'Object';
}

/** The `exclude` option as a test on method names; throws `TypeError` naming a bad entry. */
export function exclusionOf(exclude: DecorateOptions['exclude']): (method: string) => boolean {
  if (exclude === undefined) return () => false;
  if (!Array.isArray(exclude)) {
    throw new TypeError(
      `Trace.decorate option exclude must be an array of method names or RegExps, got ${describe(exclude)}`,
    );
  }
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  exclude.forEach((entry: unknown, index) => {
    if (entry instanceof RegExp) patterns.push(statelessCopy(entry));
    else if (typeof entry === 'string' && entry.length > 0) names.add(entry);
    else {
      throw new TypeError(
        `Trace.decorate option exclude[${index}] must be a non-empty string or a RegExp, got ${describe(entry)}`,
      );
    }
  });
  return (method) => names.has(method) || patterns.some((pattern) => pattern.test(method));
}

/** Public method names of `target` with the object that owns each, nearest first. */
export function publicMethodNames(target: object): Map<string, object> {
  const found = new Map<string, object>();
  const seen = new Set<string>();
  for (
    let owner: object | null = target;
    owner !== null && owner !== Object.prototype && owner !== Function.prototype;
    owner = Object.getPrototypeOf(owner)
  ) {
    for (const key of Object.getOwnPropertyNames(owner)) {
      if (seen.has(key)) continue;
      seen.add(key);
      if (PROTOCOL_METHODS.has(key) || key.startsWith('_')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(owner, key)!;
      if (descriptor.get || descriptor.set) continue;
      if (typeof descriptor.value === 'function') found.set(key, owner);
    }
  }
  return found;
}

/** True for a class constructor, which cannot be called without `new`: not a method to trace. */
export function isClass(value: Function): boolean {
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(value));
  } catch {
    return false;
  }
}
