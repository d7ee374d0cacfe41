import { replacePromiseIndexes } from './replace-ids';

/** Where V8's frame lines begin in a formatted stack. */
export const FIRST_FRAME = '\n    at ';

/**
 * A frame of Node's own code: its location is a `node:` module (`node:internal/timers`,
 * `node:events`...), as for the scheduling frames (`runNextTicks`, `listOnTimeout`, `processTimers`,
 * `processTicksAndRejections`, `processImmediate`) that appear on a stack or not depending on how a
 * continuation ran (from a timer, the next-tick queue or V8's microtask checkpoint).
 */
const NODE_FRAME = /^ +at (?:.* \()?node:/;

/** Frames Node may insert before the outermost ones of a stack: runNextTicks, listOnTimeout, processTimers. */
const MOST_SCHEDULING_FRAMES = 3;

/**
 * The frame lines of a stack's frames part (from {@link FIRST_FRAME}) that identify a failure: the
 * frames of user and library code, without Node's own (`node:internal/...`, `runNextTicks`,
 * `listOnTimeout`, `processTimers`, `processTicksAndRejections`...), which appear or not depending on
 * whether the continuation ran from a timer or a microtask. V8 keeps `Error.stackTraceLimit` frames
 * (10 by default), Node's among them, so the same failure keeps up to three fewer of its outermost
 * frames when it ran from a timer: only the first `stackTraceLimit - 3` frames are kept, alike for
 * every path. Which of parallel workers failed (`Promise.all (index 7)`) does not identify it either.
 */
export function identifyingFrames(frames: string): string {
  const limit = Error.stackTraceLimit;
  const kept =
    typeof limit === 'number' && limit > MOST_SCHEDULING_FRAMES ? limit - MOST_SCHEDULING_FRAMES : 1;
  const out: string[] = [];
  for (const line of frames.split('\n')) {
    if (line.length === 0 || NODE_FRAME.test(line)) continue;
    out.push(replacePromiseIndexes(line));
    if (out.length === kept) break;
  }
  return out.join('\n');
}
