import { startDeadline } from './request-deadline';
import type { Transport, TransportRequest, TransportResponse } from './transport';
import { transportError } from './transport-error';

/**
 * Something that answers HTTP requests in-process, as plain data: `@track/fake-openstack`'s
 * `FakeCloud` is one. It rejects like a socket when the connection fails (an `Error` with Node's
 * `code`, e.g. `ECONNRESET`), and with the signal's reason when the request's signal aborts.
 */
export interface InProcessServer {
  exchange(request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  }): Promise<TransportResponse>;
}

/**
 * A transport over an {@link InProcessServer}: no sockets, and the same deadline and the same error
 * rule as {@link UndiciTransport} (a reset is a ConnectionError, a passed deadline a RequestTimeout).
 */
export class InProcessTransport implements Transport {
  readonly #server: InProcessServer;

  constructor(server: InProcessServer) {
    this.#server = server;
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const deadline = startDeadline(request);
    try {
      const pending = this.#server.exchange({
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(deadline.signal === undefined ? {} : { signal: deadline.signal }),
      });
      return await settledOrAborted(pending, deadline.signal);
    } catch (error) {
      throw transportError(error, request, new URL(request.url), deadline);
    } finally {
      deadline.dispose();
    }
  }
}

/** `pending`, or a rejection with the signal's reason once `signal` aborts (whether or not the server saw it). */
function settledOrAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([pending, aborted]).finally(() => signal.removeEventListener('abort', onAbort!));
}
