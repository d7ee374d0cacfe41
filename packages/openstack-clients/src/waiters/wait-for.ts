import { WaiterTimeout } from '../errors';

/** Waiter settings after defaults are applied. */
export interface ResolvedWaiter {
  intervalMs: number;
  timeoutMs: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** One poll's verdict: done (with the value), or not yet (with the status seen). */
export type PollResult<T> = { done: true; value: T } | { done: false; status?: string };

/**
 * Tempest's waiter loop: poll at once, then sleep/poll until `poll` says done, throws (a terminal
 * status), the timeout passes (WaiterTimeout saying what was awaited, for how long, and the last
 * status seen) or the signal aborts.
 */
export async function waitFor<T>(
  waiter: ResolvedWaiter,
  what: { resourceType: string; resourceId: string; waitedFor: string },
  poll: () => Promise<PollResult<T>>,
): Promise<T> {
  const start = waiter.now();
  let lastStatus: string | undefined;
  for (;;) {
    if (waiter.signal?.aborted) throw waiter.signal.reason;
    const result = await poll();
    if (result.done) return result.value;
    if (result.status !== undefined) lastStatus = result.status;
    const waited = waiter.now() - start;
    if (waited >= waiter.timeoutMs) {
      const seconds = Math.round(waited / 100) / 10;
      throw new WaiterTimeout(
        `${capitalize(what.resourceType)} ${what.resourceId} did not reach ${what.waitedFor} within ${seconds} s${lastStatus === undefined ? '' : `; last status seen: ${lastStatus}`}`,
        { ...what, waitedSeconds: seconds, ...(lastStatus === undefined ? {} : { lastStatus }) },
      );
    }
    await waiter.sleep(waiter.intervalMs, waiter.signal);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
