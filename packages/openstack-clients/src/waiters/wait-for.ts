import { abortableSleep } from '../abortable-sleep';
import type { WaiterSettings, WaitOptions } from '../client-options';
import { type RequestFacts, WaiterTimeout } from '../errors';
import { describeRequest } from './request-facts';

/** Waiter settings after defaults are applied. */
export interface ResolvedWaiter {
  intervalMs: number;
  timeoutMs: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** A client's waiter settings with one call's options over them; Tempest's 1 s / 300 s by default. */
export function resolveWaiter(settings: WaiterSettings = {}, options: WaitOptions = {}): ResolvedWaiter {
  return {
    intervalMs: options.intervalMs ?? settings.intervalMs ?? 1000,
    timeoutMs: options.timeoutMs ?? settings.timeoutMs ?? 300_000,
    now: settings.now ?? Date.now,
    sleep: settings.sleep ?? abortableSleep,
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * One poll's verdict: done (with the value), or not yet (with the status seen and the request that
 * saw it, both named by the WaiterTimeout if time runs out).
 */
export type PollResult<T> =
  | { done: true; value: T }
  | { done: false; status?: string; request?: RequestFacts };

/**
 * Tempest's waiter loop: poll at once, then sleep/poll until `poll` says done, throws (a terminal
 * status), the timeout passes (WaiterTimeout saying what was awaited, for how long, and the last
 * status seen, with the method, URL and request id of the poll that saw it) or the signal aborts.
 */
export async function waitFor<T>(
  waiter: ResolvedWaiter,
  what: { resourceType: string; resourceId: string; waitedFor: string },
  poll: () => Promise<PollResult<T>>,
): Promise<T> {
  const start = waiter.now();
  let lastStatus: string | undefined;
  let lastRequest: RequestFacts | undefined;
  for (;;) {
    if (waiter.signal?.aborted) throw waiter.signal.reason;
    const result = await poll();
    if (result.done) return result.value;
    if (result.status !== undefined) lastStatus = result.status;
    if (result.request !== undefined) lastRequest = result.request;
    const waited = waiter.now() - start;
    if (waited >= waiter.timeoutMs) {
      const seconds = Math.round(waited / 100) / 10;
      throw new WaiterTimeout(
        `${capitalize(what.resourceType)} ${what.resourceId} did not reach ${what.waitedFor} within ${seconds} s${describeLastSeen(lastStatus, lastRequest)}`,
        {
          ...what,
          waitedSeconds: seconds,
          ...(lastStatus === undefined ? {} : { lastStatus }),
          ...lastRequest,
        },
      );
    }
    await waiter.sleep(waiter.intervalMs, waiter.signal);
  }
}

/** `; last status seen: deleting (GET /volumes/x, request id req-1)`, or less when less is known. */
function describeLastSeen(status: string | undefined, request: RequestFacts | undefined): string {
  const seen = status === undefined ? '' : `; last status seen: ${status}`;
  const detail = request === undefined ? '' : describeRequest(request);
  if (detail === '') return seen;
  return seen === '' ? `; last poll: ${detail}` : `${seen} (${detail})`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
