import { capText, type FailureIdentity } from './failure-identity';
import { replaceIds } from './replace-ids';
import { FIRST_FRAME, identifyingFrames } from './stack-frames';

/** Distinct failure traces kept per method unless a `Stats` or `Trace` is given another cap. */
export const DEFAULT_MAX_FAILURE_TRACES = 20;

/**
 * `value` as a cap on distinct failure traces: {@link DEFAULT_MAX_FAILURE_TRACES} when undefined.
 * Throws `RangeError` naming `owner` (`Stats`, `Trace`) unless it is a non-negative safe integer.
 */
export function maxFailureTracesOf(value: number | undefined, owner: string): number {
  const max = value ?? DEFAULT_MAX_FAILURE_TRACES;
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new RangeError(`${owner} maxFailureTraces must be a non-negative integer, got ${String(value)}`);
  }
  return max;
}

/** One distinct failure of a method: an example of its stack, how often it happened, and when. */
export interface FailureRecord {
  /**
   * Stack text of the first failure seen (as `normalizeStack` rewrote it, or as captured at the
   * wrapper for non-Error throws), at most 64 KiB (`[truncated N characters]` after that).
   */
  stack: string;
  /** Failures with this identity: error name, status, normalized message and frames. */
  count: number;
  /** Error name, e.g. `NotFound`. */
  name?: string;
  /** The message of one of the failures (the first seen), as it was: an example. */
  message?: string;
  /** The message with its ids replaced by `{id}` (`replaceIds`): what the failures have in common. */
  normalizedMessage?: string;
  /** HTTP status of the error, when it had one (`status` or `statusCode`). */
  status?: number;
  /** First and last time seen, epoch milliseconds. */
  firstAt: number;
  lastAt: number;
}

/** What {@link FailureTraces.shown} returns: the traces to present and the failures not among them. */
export interface ShownFailures {
  /** The `limit` most frequent traces (see {@link FailureTraces.records} for the order). */
  failures: FailureRecord[];
  /** Failures not among `failures`: never kept, or kept but beyond the limit. */
  dropped: number;
}

/**
 * Failures of one method, deduplicated and bounded. Two failures are one trace when they have the
 * same error name, status, normalized message (ids as `{id}`) and frames of user and library code
 * ({@link identifyingFrames}: Node's scheduling frames, which differ between a continuation run from
 * a timer and one run from a microtask, are left out). Recording keeps the first `limit` distinct
 * traces and counts failures of a new identity beyond that in `dropped`. Merging keeps the union of
 * both sides (so at most runs x limit traces), because trimming at each merge would make the result
 * depend on the order of merging; the limit is applied when the traces are shown.
 *
 * Traces are found in two `Map`s, by identifying frames, then by name, status and message: O(1)
 * expected whatever the number of traces. The identifying frames of the last stack seen are
 * remembered, so that failures of one call site (most of them) compare their frame lines with the
 * last ones instead of parsing them.
 */
export class FailureTraces {
  readonly #byFrames = new Map<string, Map<string, FailureRecord>>();
  /**
   * Most distinct traces recorded, and shown. Only raised, through {@link FailureTraces.raiseLimit};
   * a plain field because the traced failure path reads it.
   */
  limit: number;
  #size = 0;
  /** Failures whose distinct trace was never kept (recorded past the limit, or by a merged run). */
  dropped = 0;
  /** The frames part of the last stack recorded, and its identifying frames. */
  #lastFrames = '';
  #lastIdentifying = '';
  /** The last message recorded, and its normalized form. */
  #lastMessage: string | undefined;
  #lastNormalized: string | undefined;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Distinct traces kept (after merges, possibly more than `limit`). */
  get size(): number {
    return this.#size;
  }

  /** Raises the limit to `limit` when it is larger (a limit is never lowered: traces would be lost). */
  raiseLimit(limit: number): void {
    if (limit > this.limit) this.limit = limit;
  }

  /**
   * Records one failure: counted into the trace of the same identity, or kept as a new trace, or
   * counted in `dropped` past the limit. `at` (epoch ms) is read from the clock when not given and a
   * trace needs it.
   */
  add(stack: string, identity: FailureIdentity, at?: number): void {
    const identifying = this.#identifyingFramesOf(stack);
    const normalizedMessage = this.#normalized(identity.message);
    const rest = restKeyOf(identity.name, identity.status, normalizedMessage);
    const byRest = this.#byFrames.get(identifying);
    const existing = byRest?.get(rest);
    if (existing !== undefined) {
      const now = at ?? Date.now();
      existing.count++;
      if (now > existing.lastAt) existing.lastAt = now;
      return;
    }
    if (this.#size >= this.limit) {
      this.dropped++;
      return;
    }
    const now = at ?? Date.now();
    const record: FailureRecord = { stack: capText(stack), count: 1, firstAt: now, lastAt: now };
    if (identity.name !== undefined) record.name = identity.name;
    if (identity.message !== undefined) record.message = identity.message;
    if (normalizedMessage !== undefined) record.normalizedMessage = normalizedMessage;
    if (identity.status !== undefined) record.status = identity.status;
    this.#insert(identifying, rest, record);
  }

  /**
   * Adds records (from another run or a JSON document) and their dropped count: records of one
   * identity add up (counts add, times widen), and the union is kept whole, so merging is associative
   * and commutative. Records of one identity keep the example (stack, message) of the earliest
   * failure (ties: the smaller text), the same whichever side is merged into which.
   */
  merge(records: readonly FailureRecord[], dropped: number): void {
    for (const incoming of records) {
      const record = copyOf(incoming);
      if (record.normalizedMessage === undefined && record.message !== undefined)
        record.normalizedMessage = replaceIds(record.message);
      const identifying = this.#identifyingFramesOf(record.stack);
      const rest = restKeyOf(record.name, record.status, record.normalizedMessage);
      const existing = this.#byFrames.get(identifying)?.get(rest);
      if (existing === undefined) {
        this.#insert(identifying, rest, record);
        continue;
      }
      if (describesFirst(record, existing)) {
        existing.stack = record.stack;
        if (record.message === undefined) delete existing.message;
        else existing.message = record.message;
      }
      existing.count += record.count;
      existing.firstAt = Math.min(existing.firstAt, record.firstAt);
      existing.lastAt = Math.max(existing.lastAt, record.lastAt);
    }
    this.dropped += dropped;
  }

  /**
   * Every kept record (after merges, possibly more than `limit`), most frequent first; ties: earliest
   * first, then by stack text and message, so the order is total and does not depend on how they were
   * gathered.
   */
  records(): FailureRecord[] {
    const all: FailureRecord[] = [];
    for (const byRest of this.#byFrames.values()) for (const r of byRest.values()) all.push(copyOf(r));
    return all.sort(
      (a, b) =>
        b.count - a.count ||
        a.firstAt - b.firstAt ||
        compareText(a.stack, b.stack) ||
        compareText(
          restKeyOf(a.name, a.status, a.normalizedMessage),
          restKeyOf(b.name, b.status, b.normalizedMessage),
        ),
    );
  }

  /** The `limit` first {@link FailureTraces.records}, and `dropped` plus the counts of the rest. */
  shown(): ShownFailures {
    const all = this.records();
    let dropped = this.dropped;
    for (let i = this.limit; i < all.length; i++) dropped += all[i]!.count;
    if (all.length > this.limit) all.length = this.limit;
    return { failures: all, dropped };
  }

  /** The identifying frames of `stack`, from the last ones when its frame lines are the same. */
  #identifyingFramesOf(stack: string): string {
    const split = stack.indexOf(FIRST_FRAME);
    const frames = split < 0 ? '' : stack.slice(split);
    if (frames === this.#lastFrames) return this.#lastIdentifying;
    const identifying = identifyingFrames(frames);
    this.#lastFrames = frames;
    this.#lastIdentifying = identifying;
    return identifying;
  }

  /** `message` with its ids as `{id}`, from the last one when it is the same. */
  #normalized(message: string | undefined): string | undefined {
    if (message === this.#lastMessage) return this.#lastNormalized;
    const normalized = message === undefined ? undefined : replaceIds(message);
    this.#lastMessage = message;
    this.#lastNormalized = normalized;
    return normalized;
  }

  #insert(identifying: string, rest: string, record: FailureRecord): void {
    const byRest = this.#byFrames.get(identifying);
    if (byRest === undefined) this.#byFrames.set(identifying, new Map([[rest, record]]));
    else byRest.set(rest, record);
    this.#size++;
  }
}

/** The identity of a failure beside its frames, as one `Map` key. */
function restKeyOf(
  name: string | undefined,
  status: number | undefined,
  message: string | undefined,
): string {
  return `${name ?? '\u0001'}\u0000${status ?? ''}\u0000${message ?? '\u0001'}`;
}

/** A copy with its fields in one order, however the record was built (stable JSON text). */
function copyOf(r: FailureRecord): FailureRecord {
  const copy: FailureRecord = { stack: r.stack, count: r.count, firstAt: r.firstAt, lastAt: r.lastAt };
  if (r.name !== undefined) copy.name = r.name;
  if (r.message !== undefined) copy.message = r.message;
  if (r.normalizedMessage !== undefined) copy.normalizedMessage = r.normalizedMessage;
  if (r.status !== undefined) copy.status = r.status;
  return copy;
}

/** True when `a`'s example describes the failures rather than `b`'s: seen first (ties: smaller text). */
function describesFirst(a: FailureRecord, b: FailureRecord): boolean {
  if (a.firstAt !== b.firstAt) return a.firstAt < b.firstAt;
  return (compareText(a.message, b.message) || compareText(a.stack, b.stack)) < 0;
}

/** Orders texts, `undefined` first. */
function compareText(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}
