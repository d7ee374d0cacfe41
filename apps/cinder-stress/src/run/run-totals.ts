import type { Stats } from '@track/core';
import type { RequestCounts } from '@track/openstack-clients';

/**
 * The headline counts of a run: traced calls (every decorated client method, so a waiter and the
 * HTTP calls it makes each count) and HTTP requests counted at the transport (each request once).
 */
export interface RunTotals {
  calls: { pass: number; fail: number };
  requests: RequestCounts;
}

/** No calls, no requests. */
export const NO_TOTALS: RunTotals = { calls: { pass: 0, fail: 0 }, requests: { sent: 0, failed: 0 } };

/** Passes and failures of every method of `stats`. */
export function callTotalsOf(stats: Stats): RunTotals['calls'] {
  let pass = 0;
  let fail = 0;
  for (const m of stats.methods()) {
    pass += m.pass;
    fail += m.fail;
  }
  return { pass, fail };
}

/** The sum of several runs' totals (worker threads). */
export function addTotals(totals: Iterable<RunTotals>): RunTotals {
  const sum = { calls: { pass: 0, fail: 0 }, requests: { sent: 0, failed: 0 } };
  for (const t of totals) {
    sum.calls.pass += t.calls.pass;
    sum.calls.fail += t.calls.fail;
    sum.requests.sent += t.requests.sent;
    sum.requests.failed += t.requests.failed;
  }
  return sum;
}
