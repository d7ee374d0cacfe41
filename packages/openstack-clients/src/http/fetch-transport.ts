import { startDeadline } from './request-deadline';
import type { Transport, TransportRequest, TransportResponse } from './transport';
import { transportError } from './transport-error';

/**
 * Adapts a WHATWG `fetch` (yours, or Node's) to the {@link Transport} seam. Slower than undici's Pool.
 * Its deadline and its errors follow the same rule as {@link UndiciTransport}'s. URL userinfo is not sent (the fetch standard refuses such URLs; the undici transport ignores it
 * too), and no error it throws carries userinfo, token-like query values or the fetch's raw text
 * unscrubbed.
 */
export class FetchTransport implements Transport {
  readonly #fetch: typeof fetch;

  constructor(fetchImplementation: typeof fetch = fetch) {
    this.#fetch = fetchImplementation;
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const deadline = startDeadline(request);
    const url = new URL(request.url);
    const target = url.username === '' && url.password === '' ? request.url : withoutUserinfo(url);
    try {
      const response = await this.#fetch(target, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: deadline.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: response.status, headers, body: await response.text() };
    } catch (error) {
      throw transportError(error, request, url, deadline);
    } finally {
      deadline.dispose();
    }
  }
}

function withoutUserinfo(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
