/** Polling settings of the waiters (Tempest's algorithm; defaults: 1 s interval, 300 s timeout). */
export interface WaiterSettings {
  /** Milliseconds between polls (default 1,000). */
  intervalMs?: number;
  /** Milliseconds before giving up (default 300,000). */
  timeoutMs?: number;
  /** Clock in epoch ms (default `Date.now`). */
  now?: () => number;
  /** Sleep (default a timer); must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options of every client. */
export interface ClientOptions {
  waiter?: WaiterSettings;
}

/** Per-call waiter options: the client's settings can be overridden, and a wait cancelled. */
export interface WaitOptions {
  intervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}
