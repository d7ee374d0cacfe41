import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { clientNameOf, exclusionOf, isClass, publicMethodNames } from './decoration-targets';
import { identify } from './failure-identity';
import { maxFailureTracesOf } from './failure-traces';
import { type MethodRecord, placeOnTimeline } from './method-record';
import { recordFor, Stats, timelineOf } from './stats';
import { DEFAULT_WHITELIST, describe, type FramesMemo, Whitelist, type WhitelistEntry } from './whitelist';

/** Options of {@link Trace}. */
export interface TraceOptions {
  /**
   * Methods under which a failure counts as a pass (NotFound is the expected answer there). Default:
   * {@link DEFAULT_WHITELIST}. Strings match whole method names or `Class.method`; RegExps are tested
   * on each stack frame's function name.
   */
  whitelist?: readonly WhitelistEntry[];
  /** Where to count (default: a new `Stats`). Share one `Stats` between traces to add them up. */
  stats?: Stats;
  /**
   * Distinct failure traces kept per method (default: the cap of `stats`, 20 unless set); further
   * failures are still counted. A method shared by traces with different caps keeps the larger.
   */
  maxFailureTraces?: number;
  /**
   * Rewrites a failure's stack text before it is deduplicated and kept, e.g. {@link replaceIds} so
   * that `Volume 3f2a… could not be found` and `Volume 9c1b… could not be found` from one call site
   * are one trace with a count instead of two. The first failure's message is kept as it was. Must
   * not change frame function names (the whitelist reads the original stack). Default: none, the
   * stack text as V8 formatted it.
   */
  normalizeStack?: (stack: string) => string;
  /**
   * Latency sampling. The first 256 calls of each method are all timed; after that, one synchronous
   * call in `syncLatencySampling` (default 64) and one asynchronous call in `asyncLatencySampling`
   * (default 8) is timed, because a clock read costs more than the rest of tracing. Pass counts and
   * failures are always exact. Powers of two; 1 times every call.
   */
  syncLatencySampling?: number;
  /** See {@link TraceOptions.syncLatencySampling}. */
  asyncLatencySampling?: number;
}

/** Options of one {@link Trace.decorate} call. */
export interface DecorateOptions {
  /** Client name in the statistics (default: the object's constructor name). */
  name?: string;
  /**
   * Methods left unwrapped, beyond those never wrapped (see {@link Trace.decorate}): whole method
   * names, or RegExps tested on each method name (e.g. `/^debug/`).
   */
  exclude?: readonly (string | RegExp)[];
}

/** The outermost wrapper of a traced method, known once it is built: stacks for non-Error throws start below it. */
interface WrapperRef {
  wrapper?: Function;
}

/** A whitelisted traced call in progress: the logical callers of a call, across async hops. */
interface WhitelistedCall {
  readonly parent: WhitelistedCall | undefined;
}

const WRAPPED = Symbol.for('@track/core.wrapped');
/**
 * Whitelisted traced calls in progress, shared by every `Trace` (and by every copy of this module,
 * ESM and CJS, through a global symbol): a method whitelisted by one trace whitelists the failures of
 * methods decorated by another. Created on the first whitelisted method, so that a process without
 * one never pays for `AsyncLocalStorage`.
 */
const CONTEXT = Symbol.for('@track/core.whitelistedCalls');
type ContextHolder = { [CONTEXT]?: AsyncLocalStorage<WhitelistedCall> };

function whitelistedCalls(create: true): AsyncLocalStorage<WhitelistedCall>;
function whitelistedCalls(create: false): AsyncLocalStorage<WhitelistedCall> | undefined;
function whitelistedCalls(create: boolean): AsyncLocalStorage<WhitelistedCall> | undefined {
  const holder = globalThis as ContextHolder;
  if (create) holder[CONTEXT] ??= new AsyncLocalStorage<WhitelistedCall>();
  return holder[CONTEXT];
}
/** Calls of each method that are always timed before sampling starts. */
const ALWAYS_TIMED_CALLS = 256;

function powerOfTwo(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1 || (value & (value - 1)) !== 0) {
    throw new RangeError(`Trace ${option} must be a power of two >= 1, got ${String(value)}`);
  }
  return value;
}

/**
 * Counts every call of the public methods of decorated objects: passes, failures (with their stack
 * traces, deduplicated) and latency. See {@link Trace.decorate}.
 */
export class Trace {
  /** Where the counts go. */
  readonly stats: Stats;
  readonly #whitelist: Whitelist;
  readonly #maxFailureTraces: number | undefined;
  readonly #normalizeStack: ((stack: string) => string) | undefined;
  readonly #syncMask: number;
  readonly #asyncMask: number;

  constructor(options: TraceOptions = {}) {
    const max = maxFailureTracesOf(options.maxFailureTraces, 'Trace');
    const syncSampling = powerOfTwo(options.syncLatencySampling ?? 64, 'syncLatencySampling');
    const asyncSampling = powerOfTwo(options.asyncLatencySampling ?? 8, 'asyncLatencySampling');
    if (options.whitelist !== undefined && !Array.isArray(options.whitelist)) {
      throw new TypeError(
        `Trace whitelist must be an array of strings or RegExps, got ${describe(options.whitelist)}`,
      );
    }
    this.#whitelist = new Whitelist(options.whitelist ?? DEFAULT_WHITELIST);
    this.#maxFailureTraces = options.maxFailureTraces;
    if (options.normalizeStack !== undefined && typeof options.normalizeStack !== 'function') {
      throw new TypeError(`Trace normalizeStack must be a function, got ${describe(options.normalizeStack)}`);
    }
    this.#normalizeStack = options.normalizeStack;
    this.#syncMask = syncSampling - 1;
    this.#asyncMask = asyncSampling - 1;
    this.stats = options.stats ?? new Stats({ maxFailureTraces: max });
  }

  /**
   * Wraps every public method of `target` (own and inherited below `Object.prototype`, except
   * `_`-prefixed names, symbols, accessors, `options.exclude` and the JavaScript protocol methods:
   * `constructor`, `toJSON`, `toString`, `valueOf`, `toLocaleString`, `inspect`, `then` and the other
   * names of `Object.prototype`) so that each call is counted, and returns the same object. Wrappers are non-enumerable own properties; `this`, arguments, return
   * values, thrown errors and rejections pass through unchanged. Decorating an object again adds no
   * second count. Throws `TypeError` for a non-object, a frozen/non-extensible object or bad options.
   */
  decorate<T extends object>(target: T, options: DecorateOptions = {}): T {
    if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
      throw new TypeError(`Trace.decorate expects an object, got ${describe(target)}`);
    }
    if (!Object.isExtensible(target)) {
      throw new TypeError(
        `Trace.decorate cannot wrap a frozen, sealed or non-extensible object (${describe(target)}): decorate it before freezing it`,
      );
    }
    const client = options.name ?? clientNameOf(target);
    if (typeof client !== 'string' || client.length === 0) {
      throw new TypeError(`Trace.decorate option name must be a non-empty string, got ${describe(client)}`);
    }
    const excluded = exclusionOf(options.exclude);
    for (const [method, owner] of publicMethodNames(target)) {
      if (excluded(method)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(owner, method)!;
      const original = descriptor.value as Function & { [WRAPPED]?: true };
      if (original[WRAPPED] || isClass(original)) continue;
      const own = owner === target ? descriptor : undefined;
      if (own && !own.configurable && !own.writable) continue;
      const record = this.stats[recordFor](client, method, this.#maxFailureTraces);
      const wrapper = this.#wrap(original, record, this.#whitelist.coversMethod(client, method));
      if (own && !own.configurable) {
        // Writable but not configurable: the value may change, the attributes may not.
        (target as Record<string, unknown>)[method] = wrapper;
        continue;
      }
      Object.defineProperty(target, method, {
        value: wrapper,
        writable: own?.writable ?? true,
        configurable: true,
        enumerable: own?.enumerable ?? false,
      });
    }
    return target;
  }

  #wrap(original: Function, record: MethodRecord, whitelisted: boolean): Function {
    const site: WrapperRef = {};
    let wrapper: Function;
    if (whitelisted) {
      // Only whitelisted methods enter a context, so that their callees' failures can find them.
      const context = whitelistedCalls(true);
      const invoke = this.#invoker(original, record, true, site);
      wrapper = {
        [record.method](this: unknown, ...args: unknown[]) {
          return context.run({ parent: context.getStore() }, () => Reflect.apply(invoke, this, args));
        },
      }[record.method]!;
    } else {
      wrapper = this.#invoker(original, record, false, site);
    }
    if (isConstructor(original)) wrapper = constructible(original, wrapper, record.method);
    site.wrapper = wrapper;
    Object.defineProperty(wrapper, WRAPPED, { value: true });
    Object.defineProperty(wrapper, 'length', { value: original.length });
    return wrapper;
  }

  /**
   * The per-method hot path, shaped as a method (own `this`, forwarding `arguments`) so that an
   * ordinary traced method adds a single frame to stacks: each extra frame makes formatting a
   * failure's stack slower. It is kept small, with everything rare (timing, thenables, failures) out of line, so that
   * V8 inlines it into its callers. Every call is counted; its latency is timed for the first
   * `ALWAYS_TIMED_CALLS` calls of the method and then one call in N (sync and async have their own
   * N), because a clock read (~45 ns on these machines) would otherwise dominate the cost of tracing.
   */
  #invoker(original: Function, record: MethodRecord, whitelisted: boolean, site: WrapperRef): Function {
    const syncPeriod = this.#syncMask + 1;
    const asyncPeriod = this.#asyncMask + 1;
    const frames: FramesMemo = { frames: '', covered: false };
    /**
     * Counts a settled call. `boundary`: for a rejection, the handler it arrived in, so that a stack
     * captured for a non-Error value starts below it (the sync path's boundary is the wrapper).
     */
    const settle = (passed: boolean, error: unknown, start: number, boundary?: Function) =>
      passed
        ? this.#passed(record, start)
        : this.#failed(record, whitelisted, error, start, frames, boundary ?? site.wrapper);
    /** Starts timing a sampled call and sets how many calls to skip before the next one. */
    const sampleStart = () => {
      record.sampled++;
      record.countdown = record.sampled < ALWAYS_TIMED_CALLS ? 1 : record.isAsync ? asyncPeriod : syncPeriod;
      return performance.now();
    };
    /** The start time of a call to be timed, 0 for the others. */
    const startOf = () => (--record.countdown === 0 ? sampleStart() : 0);
    const apply = Reflect.apply;
    // Shared handlers for untimed async calls: no allocation per call.
    const passUntimed = (value: unknown) => {
      record.inFlight--;
      record.pass++;
      return value;
    };
    const failUntimed = (error: unknown) => {
      record.inFlight--;
      settle(false, error, 0, failUntimed);
      throw error;
    };
    /** Settles a call that returned an object: later if it is a thenable, now otherwise. */
    const settleObject = (result: object, start: number) => {
      let then: unknown;
      try {
        then = (result as { then?: unknown }).then;
      } catch {
        then = undefined;
      }
      if (typeof then !== 'function') {
        if (start === 0) record.pass++;
        else settle(true, undefined, start);
        return result;
      }
      if (!record.isAsync) record.isAsync = true;
      let promise: Promise<unknown>;
      try {
        promise = result instanceof Promise ? result : Promise.resolve(result);
      } catch {
        // An exotic thenable (e.g. a Proxy whose traps throw) that cannot be followed: hand it back
        // untouched and count the call as passed rather than change what the caller gets.
        record.pass++;
        return result;
      }
      record.inFlight++;
      if (start === 0) return promise.then(passUntimed, failUntimed);
      const failTimed = (error: unknown) => {
        record.inFlight--;
        settle(false, error, start, failTimed);
        throw error;
      };
      return promise.then((value) => {
        record.inFlight--;
        settle(true, undefined, start);
        return value;
      }, failTimed);
    };
    return {
      // `arguments`, not a rest parameter: one step less before the call (see below).
      [record.method](this: unknown) {
        // As little code as possible before the call: V8 walks a compiled frame's code up to the
        // call to place it in a stack trace and to unwind through it, twice per failure.
        const start = startOf();
        let result: unknown;
        try {
          // Reflect.apply: a function with its own `apply` property is still called, not that.
          // biome-ignore lint/complexity/noArguments: forwards every argument, even beyond the declared ones
          result = apply(original, this, arguments as unknown as unknown[]);
        } catch (error) {
          settle(false, error, start);
          throw error;
        }
        if (typeof result === 'object' || typeof result === 'function') {
          if (result !== null) return settleObject(result, start);
        }
        if (start === 0) record.pass++;
        else settle(true, undefined, start);
        return result;
      },
    }[record.method]!;
  }

  /** Counts one passed call (timed when `start` is not 0); never throws. */
  #passed(record: MethodRecord, start: number): void {
    try {
      record.pass++;
      if (start === 0) return;
      const end = performance.now();
      record.latency.record(end - start);
      const timeline = this.stats[timelineOf];
      if (timeline !== undefined) placeOnTimeline(record, timeline, Date.now());
    } catch {
      // Swallowed on purpose: statistics may lose one sample, the traced call must not change.
    }
  }

  /**
   * Counts one call that threw or rejected; never throws (a bookkeeping bug must not change what the
   * caller sees). Under a whitelisted traced caller it is a pass (also counted in `whitelisted`),
   * without reading the stack;
   * otherwise the stack is read once, checked against the whitelist (frame lines equal to the last
   * ones scanned reuse their verdict) and recorded into the method's failure traces.
   */
  #failed(
    record: MethodRecord,
    whitelisted: boolean,
    error: unknown,
    start: number,
    frames: FramesMemo,
    boundary: Function | undefined,
  ): void {
    let counted = false;
    let traced = false;
    try {
      if (this.#callerWhitelisted(whitelisted)) {
        record.whitelisted++;
        this.#passed(record, start);
        return;
      }
      const original = stackOf(error, boundary);
      if (this.#whitelist.coversStack(original, record.method, frames)) {
        record.whitelisted++;
        this.#passed(record, start);
        return;
      }
      record.fail++;
      counted = true;
      if (start !== 0) record.latency.record(performance.now() - start);
      const timeline = this.stats[timelineOf];
      // A failure whose trace is not kept needs no clock read: the traces read it when they need it.
      const now = timeline === undefined ? undefined : Date.now();
      if (timeline !== undefined) placeOnTimeline(record, timeline, now!);
      record.failures.add(this.#normalized(original), identify(error), now);
      traced = true;
    } catch {
      // Swallowed on purpose: the traced call must not change. The failure itself is still counted,
      // as a failure without a kept trace when its trace could not be recorded.
      if (!counted) record.fail++;
      if (!traced) record.failures.dropped++;
    }
  }

  /** The stack as `normalizeStack` rewrites it; the original when there is none or it throws. */
  #normalized(stack: string): string {
    const normalize = this.#normalizeStack;
    if (normalize === undefined) return stack;
    try {
      const normalized = normalize(stack);
      return typeof normalized === 'string' ? normalized : String(normalized);
    } catch {
      return stack;
    }
  }

  /**
   * True when the failing call runs under another whitelisted traced call (across async hops). The
   * context is read when the call settles: promise reactions run in the context of the call that
   * registered them, so it is the call's own. A whitelisted method's own entry does not whitelist it.
   */
  #callerWhitelisted(whitelisted: boolean): boolean {
    const context = whitelistedCalls(false);
    if (context === undefined) return false;
    const store = context.getStore();
    const caller = whitelisted ? store?.parent : store;
    return caller !== undefined;
  }
}

/**
 * Reads the stack once. A thrown non-Error (or an error whose `stack` cannot be read) gets a stack
 * captured instead, starting below `boundary`: for a synchronous throw the wrapper, so the stack starts
 * at the traced method's caller; for a rejection the handler it arrived in, so the stack holds only
 * the async callers V8 can still see (often none: the caller's synchronous frames are gone by then).
 */
function stackOf(error: unknown, boundary: Function | undefined): string {
  let unreadable = false;
  if (error !== null && typeof error === 'object') {
    try {
      const stack = (error as { stack?: unknown }).stack;
      if (typeof stack === 'string' && stack.length > 0) return stack;
    } catch {
      unreadable = true;
    }
  }
  const holder = new Error(
    unreadable
      ? `error whose stack cannot be read: ${describe(error)}`
      : `non-Error thrown: ${describe(error)}`,
  );
  if (boundary !== undefined) Error.captureStackTrace(holder, boundary);
  return typeof holder.stack === 'string' ? holder.stack : holder.message;
}

/** True for a function that `new` accepts: a `function`, a class, a bound or native constructor. */
function isConstructor(value: Function): boolean {
  try {
    Reflect.construct(String, [], value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Around the traced `callable`, a wrapper that `new` still accepts, for methods that are also
 * constructors (`function` functions, ES5 classes, bound or native constructors): `new` builds with
 * the original, uncounted (constructing is not a call of the client's API); a call is traced.
 */
function constructible(original: Function, callable: Function, name: string): Function {
  const wrapper: Function = {
    [name]: function (this: unknown) {
      // biome-ignore lint/complexity/noArguments: forwards every argument, even beyond the declared ones
      const args = arguments as unknown as unknown[];
      // `new wrapper()` is `new original()`; a subclass of the wrapper keeps its own new.target.
      if (new.target !== undefined)
        return Reflect.construct(original, args, new.target === wrapper ? original : new.target);
      return Reflect.apply(callable, this, args);
    },
  }[name]!;
  // `instanceof` and `new` see the original's prototype.
  if ('prototype' in original) wrapper.prototype = original.prototype;
  return wrapper;
}
