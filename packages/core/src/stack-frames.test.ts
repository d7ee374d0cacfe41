import { afterEach, describe, expect, test } from 'vitest';
import { identifyingFrames } from './stack-frames';

const LIMIT = Error.stackTraceLimit;
afterEach(() => {
  Error.stackTraceLimit = LIMIT;
});

const frames = (...lines: string[]) => lines.map((line) => `\n    at ${line}`).join('');

describe('identifyingFrames', () => {
  test("Node's own frames are left out, whatever their name; user and library frames stay", () => {
    Error.stackTraceLimit = 10;
    expect(
      identifyingFrames(
        frames(
          'check (/app/v.js:1:1)',
          'runNextTicks (node:internal/process/task_queues:60:5)',
          'listOnTimeout (node:internal/timers:545:9)',
          'process.processTimers (node:internal/timers:519:7)',
          'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
          'process.processImmediate (node:internal/timers:454:9)',
          'emit (node:events:519:28)',
          'node:internal/main/run_main_module:28:49',
          'send (/app/node_modules/undici/lib/core.js:3:3)',
          'async waitFor (/app/w.js:2:2)',
          'new Promise (<anonymous>)',
        ),
      ),
    ).toBe(
      [
        '    at check (/app/v.js:1:1)',
        '    at send (/app/node_modules/undici/lib/core.js:3:3)',
        '    at async waitFor (/app/w.js:2:2)',
        '    at new Promise (<anonymous>)',
      ].join('\n'),
    );
  });

  test('the index of Promise.all, allSettled and any is not part of it', () => {
    expect(identifyingFrames(frames('a (/a.js:1:1)', 'async Promise.all (index 7)'))).toBe(
      '    at a (/a.js:1:1)\n    at async Promise.all (index {n})',
    );
  });

  test.each([
    [10, 7],
    [5, 2],
    [4, 1],
    [3, 1],
    [0, 1],
    [Number.POSITIVE_INFINITY, 12],
    ['ten', 1],
  ])('with Error.stackTraceLimit %s, the first %i frames of user code', (limit, kept) => {
    Error.stackTraceLimit = limit as number;
    const lines = Array.from({ length: 12 }, (_, i) => `f${i} (/app/f.js:${i}:1)`);
    expect(identifyingFrames(frames(...lines)).split('\n')).toEqual(
      lines.slice(0, kept).map((line) => `    at ${line}`),
    );
  });

  test('a stack without frames has no identifying frames', () => {
    expect(identifyingFrames('')).toBe('');
  });
});
