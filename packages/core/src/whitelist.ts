import { FIRST_FRAME } from './stack-frames';

/**
 * Which failures count as passes: those with a whitelisted method on the call's stack. Entries are
 * method names (`isResourceDeleted`, matched as whole names only), `Class.method` names, or RegExps
 * tested against each frame's function name (e.g. `VolumesClient.isResourceDeleted`).
 */

/** Methods whose NotFound (and other errors raised below them) is the expected answer. */
export const DEFAULT_WHITELIST: readonly string[] = Object.freeze([
  'isResourceDeleted',
  'waitForServerTermination',
]);

/** A whitelist entry: a method name, a `Class.method` name, or a RegExp over frame function names. */
export type WhitelistEntry = string | RegExp;

// One V8 frame line: "    at [async ][new ]Name[ [as alias]] (location)" or "    at Name location".
const FRAME = /^[ \t]+at (?:async )?(?:new )?([^\s(]+)(?: \[as ([^\]\n]+)\])?/gm;

/**
 * The whitelist verdict on the frame lines of the last stack scanned for one method. Failures of one
 * call site usually differ only in their message (`Volume 3f2a… not found`), so their frame lines
 * repeat: comparing them with the last ones costs far less than scanning them again.
 */
export interface FramesMemo {
  /** Frame lines (from the first `\n    at `) of the last stack scanned. */
  frames: string;
  /** Whether those lines hold a whitelisted frame. */
  covered: boolean;
}

/** A compiled whitelist. */
export class Whitelist {
  readonly #methodNames: Set<string>;
  readonly #qualifiedNames: Set<string>;
  readonly #patterns: RegExp[];
  /** Matches any whitelisted method name anywhere in a text: a fast rejection before parsing frames. */
  readonly #mention: RegExp | undefined;

  constructor(entries: readonly WhitelistEntry[]) {
    this.#methodNames = new Set();
    this.#qualifiedNames = new Set();
    this.#patterns = [];
    for (const entry of entries) {
      if (entry instanceof RegExp) {
        this.#patterns.push(statelessCopy(entry));
      } else if (typeof entry === 'string' && entry.length > 0) {
        (entry.includes('.') ? this.#qualifiedNames : this.#methodNames).add(entry);
      } else {
        throw new TypeError(
          `Trace whitelist entries must be non-empty strings or RegExps, got ${describe(entry)}`,
        );
      }
    }
    // One regular expression scans a stack about twice as fast as one `includes` per name.
    const mentioned = [
      ...this.#methodNames,
      ...[...this.#qualifiedNames].map((name) => name.slice(name.lastIndexOf('.') + 1)),
    ];
    this.#mention =
      mentioned.length === 0
        ? undefined
        : new RegExp(mentioned.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  }

  /** True when `method` (a bare method name) is whitelisted, for deciding who enters a context. */
  coversMethod(client: string, method: string): boolean {
    if (this.#methodNames.has(method) || this.#qualifiedNames.has(`${client}.${method}`)) return true;
    const qualified = `${client}.${method}`;
    return this.#patterns.some((p) => p.test(qualified) || p.test(method));
  }

  /**
   * True when a frame of `stack` belongs to a whitelisted function that called `ownMethod`: a frame
   * after the failing method's own frame, or any frame other than its own when its own frame is not on
   * the stack (a rejection that settled after its synchronous frames were gone). A whitelisted frame
   * before the method's own one is a callee: a waiter that failed inside a method does not make that
   * method's failure a pass. With a `memo`, frame lines equal to the last ones scanned for this
   * method reuse their verdict; only the lines before them (the message) are scanned. Frames are matched line by line, so splitting the text at a line
   * break gives the same verdict as scanning it whole.
   */
  coversStack(stack: string, ownMethod: string, memo?: FramesMemo): boolean {
    const split = memo === undefined ? -1 : stack.indexOf(FIRST_FRAME);
    if (split < 0 || memo === undefined) return this.#scan(stack, ownMethod);
    const frames = stack.slice(split);
    let covered: boolean;
    if (frames === memo.frames) covered = memo.covered;
    else {
      covered = this.#scan(frames, ownMethod);
      memo.frames = frames;
      memo.covered = covered;
    }
    return covered || this.#scan(stack.slice(0, split), ownMethod);
  }

  /** {@link Whitelist.coversStack}'s verdict on one text, without a memo. */
  #scan(stack: string, ownMethod: string): boolean {
    if (this.#patterns.length === 0 && !this.#mentionedIn(stack)) return false;
    let isOwnSeen = false;
    let covered = false;
    FRAME.lastIndex = 0;
    for (let match = FRAME.exec(stack); match !== null; match = FRAME.exec(stack)) {
      const name = match[1]!;
      const alias = match[2];
      const dot = name.lastIndexOf('.');
      const method = dot < 0 ? name : name.slice(dot + 1);
      if (method === ownMethod || alias === ownMethod) {
        // The frames so far were the failing method's callees: only its callers count.
        isOwnSeen = true;
        covered = false;
        continue;
      }
      if (
        this.#matches(name, method) ||
        (alias !== undefined && this.#matches(dot < 0 ? alias : `${name.slice(0, dot)}.${alias}`, alias))
      ) {
        if (isOwnSeen) return true;
        covered = true;
      }
    }
    return covered;
  }

  /** False when no whitelisted name occurs anywhere in the text (then no frame can match). */
  #mentionedIn(stack: string): boolean {
    return this.#mention?.test(stack) === true;
  }

  #matches(qualified: string, method: string): boolean {
    if (this.#methodNames.has(method) || this.#qualifiedNames.has(qualified)) return true;
    for (const pattern of this.#patterns) if (pattern.test(qualified)) return true;
    return false;
  }
}

/** A copy of `pattern` without the `g` and `y` flags, which keep state between tests. */
export function statelessCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/** A short description of a value for error messages: `null`, `undefined`, `number 3`, `string "x"`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object')
    return Array.isArray(value) ? 'an array' : `object ${Object.prototype.toString.call(value)}`;
  return `${typeof value} ${String(value)}`;
}
