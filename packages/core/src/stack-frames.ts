import { replacePromiseIndexes } from './replace-ids';

/** Where V8's frame lines begin in a formatted stack. */
export const FIRST_FRAME = '\n    at ';

/**
 * Frames that Node's scheduling puts on a stack or leaves off it depending on how a continuation
 * ran (from a timer, the next-tick queue or V8's microtask checkpoint): not part of what failed.
 */
const SCHEDULING = new Set([
  'runNextTicks',
  'listOnTimeout',
  'processTimers',
  'processTicksAndRejections',
  'processImmediate',
  'runMicrotasks',
]);

/** `    at [async ][new ]name (location)` or `    at location`: the name and the location. */
const FRAME_LINE = /^ +at (?:async )?(?:new )?(?:([^\s(]+)(?: \[as [^\]]+\])? \((.*)\)|(.*))$/;

/** Frames Node may insert before the outermost ones of a stack: listOnTimeout, processTimers... */
const MOST_SCHEDULING_FRAMES = 3;

/** True for a frame of Node's own code (`node:internal/...`, `node:events`...) or its scheduling. */
function isNodeFrame(line: string): boolean {
  const match = FRAME_LINE.exec(line);
  if (match === null) return false;
  const location = match[2] ?? match[3] ?? '';
  if (location.startsWith('node:')) return true;
  const name = match[1];
  return name !== undefined && SCHEDULING.has(name.slice(name.lastIndexOf('.') + 1));
}

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
  if (frames.length === 0) return '';
  const limit = Error.stackTraceLimit;
  const kept = Math.max(
    1,
    typeof limit === 'number' && limit > MOST_SCHEDULING_FRAMES ? limit - MOST_SCHEDULING_FRAMES : 1,
  );
  const lines = frames.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (line.length === 0 || isNodeFrame(line)) continue;
    out.push(replacePromiseIndexes(line));
    if (out.length === kept) break;
  }
  return out.join('\n');
}
