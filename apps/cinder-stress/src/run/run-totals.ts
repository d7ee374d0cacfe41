import type { Stats } from '@track/core';
import type { RequestCounts, RequestOutcome } from '@track/openstack-clients';

/**
 * The headline counts of a run: traced calls (every decorated client method, so a waiter and the
 * HTTP calls it makes each count) and HTTP requests counted at the transport (each request once).
 */
export interface RunTotals {
  calls: { pass: number; fail: number };
  requests: RequestCounts;
  /** The same requests per service, method and status (what `/metrics` shows); absent: none yet. */
  requestOutcomes?: RequestOutcome[];
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
  const outcomes = new Map<string, RequestOutcome>();
  for (const t of totals) {
    sum.calls.pass += t.calls.pass;
    sum.calls.fail += t.calls.fail;
    sum.requests.sent += t.requests.sent;
    sum.requests.failed += t.requests.failed;
    for (const outcome of t.requestOutcomes ?? []) {
      const key = `${outcome.service} ${outcome.method} ${outcome.status}`;
      const seen = outcomes.get(key);
      if (seen) seen.count += outcome.count;
      else outcomes.set(key, { ...outcome });
    }
  }
  return { ...sum, requestOutcomes: [...outcomes.values()] };
}
