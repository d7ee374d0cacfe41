import { describe, expect, test } from 'vitest';
import { newProgress } from '../../run/run-engine';
import { periodicReportDue } from './progress-output';
import { stopText, summaryLine } from './run-summary';
import { runExitCode } from './sla';

const totals = { calls: { pass: 18_300, fail: 0 }, requests: { sent: 11_142, failed: 12 } };

describe('the summary line', () => {
  test('labels HTTP requests and traced calls, each with its own failures', () => {
    const progress = { ...newProgress(), iterationsPassed: 641, stoppedBy: 'duration' as const };
    expect(summaryLine('r1', totals, progress, 20_000)).toBe(
      'run r1: 641 iterations passed, 0 failed; 11142 HTTP requests (12 failed, 0.11%), 557.1 requests/s; 18300 traced calls (0 failed, 0%); stopped by duration',
    );
  });

  test('says how many iterations were abandoned after the drain timeout', () => {
    const progress = { ...newProgress(), stoppedBy: 'duration' as const, iterationsAbandoned: 4 };
    expect(stopText(progress)).toBe('stopped by duration, 4 iterations abandoned after the drain timeout');
    expect(stopText({ ...progress, iterationsAbandoned: 1 })).toBe(
      'stopped by duration, 1 iteration abandoned after the drain timeout',
    );
  });
});

describe('periodic stats lines', () => {
  test('fall due only while iterations start: never at or after the end of the duration', () => {
    const due = (tick: number, durationMs?: number, stopped = false) =>
      periodicReportDue(tick, { intervalMs: 1000, ...(durationMs ? { durationMs } : {}), stopped });
    expect([1, 2, 3].map((tick) => due(tick, 3000))).toEqual([true, true, false]);
    expect(due(1, 1000)).toBe(false);
    expect(due(100)).toBe(true);
    expect(due(1, undefined, true)).toBe(false);
  });
});

describe('the exit code of a run', () => {
  const clean = { calls: { pass: 10, fail: 0 }, requests: { sent: 10, failed: 0 } };
  test.each([
    ['clean', {}, {}, 0],
    ['an abandoned iteration', { iterationsAbandoned: 1 }, {}, 1],
    ['resources left', {}, { resourcesLeft: 2 }, 4],
    ['SIGTERM, whatever else', { iterationsFailed: 3 }, { resourcesLeft: 2, interruptedBy: 'SIGTERM' }, 143],
    [
      'an abandoned iteration over the SLA',
      { iterationsPassed: 9, iterationsAbandoned: 1 },
      { maxFailRate: 0.05 },
      1,
    ],
  ] as const)('%s', (_name, progress, options, code) => {
    expect(runExitCode(clean, { ...newProgress(), ...progress }, { resourcesLeft: 0, ...options })).toBe(
      code,
    );
  });
});
