import { ConnectionError, RequestTimeout } from '../errors';
import type { Transport, TransportRequest, TransportResponse } from './transport';

/** Adapts a WHATWG `fetch` (yours, or Node's) to the {@link Transport} seam. Slower than undici's Pool. */
export class FetchTransport implements Transport {
  readonly #fetch: typeof fetch;

  constructor(fetchImplementation: typeof fetch = fetch) {
    this.#fetch = fetchImplementation;
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const signals = [
      request.signal,
      request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined,
    ].filter((s): s is AbortSignal => s !== undefined);
    const signal =
      signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    const { origin, pathname } = new URL(request.url);
    try {
      const response = await this.#fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: response.status, headers, body: await response.text() };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if ((error as Error).name === 'TimeoutError') {
        throw new RequestTimeout(
          `No answer within ${request.timeoutMs} ms from ${request.method} ${origin}${pathname}.`,
          {
            method: request.method,
            url: `${origin}${pathname}`,
            timeoutMs: request.timeoutMs ?? 0,
          },
          { cause: error },
        );
      }
      throw new ConnectionError(
        `Could not reach ${request.method} ${origin}${pathname}: ${(error as Error).message}`,
        {
          method: request.method,
          url: `${origin}${pathname}`,
        },
        { cause: error },
      );
    }
  }
}
