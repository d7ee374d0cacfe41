import type { TransportRequest } from './transport';

/** The deadline of one request: the signal to hand to the exchange, and whether the deadline passed. */
export interface RequestDeadline {
  /** Aborts when the caller's signal does or the deadline passes; undefined when neither can happen. */
  readonly signal: AbortSignal | undefined;
  /** The request's timeout in ms (0: none). */
  readonly timeoutMs: number;
  /** True once the deadline passed (the abort is the timeout's, not the caller's). */
  readonly timedOut: boolean;
  /** Stops the timer and the forwarding of the caller's abort; call it when the exchange settled. */
  dispose(): void;
}

/**
 * One deadline over the whole exchange of `request` (connect, headers and body): a plain timer and
 * controller, which cost less per request than `AbortSignal.timeout` and `AbortSignal.any`. The
 * caller's own signal is forwarded with its reason.
 */
export function startDeadline(request: TransportRequest): RequestDeadline {
  const timeoutMs = request.timeoutMs && request.timeoutMs > 0 ? request.timeoutMs : 0;
  if (timeoutMs === 0) {
    return { signal: request.signal, timeoutMs, timedOut: false, dispose: () => undefined };
  }
  const controller = new AbortController();
  const state: { -readonly [K in keyof RequestDeadline]: RequestDeadline[K] } = {
    signal: controller.signal,
    timeoutMs,
    timedOut: false,
    dispose: () => undefined,
  };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort();
  }, timeoutMs);
  const callerSignal = request.signal;
  let forwardAbort: (() => void) | undefined;
  if (callerSignal !== undefined) {
    forwardAbort = () => controller.abort(callerSignal.reason);
    if (callerSignal.aborted) forwardAbort();
    else callerSignal.addEventListener('abort', forwardAbort, { once: true });
  }
  state.dispose = () => {
    clearTimeout(timer);
    if (forwardAbort !== undefined) callerSignal?.removeEventListener('abort', forwardAbort);
  };
  return state;
}
