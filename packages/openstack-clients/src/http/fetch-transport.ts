import { ConnectionError, RequestTimeout } from '../errors';
import { scrubbedError, secretsOfUrl } from './secret-registry';
import type { Transport, TransportRequest, TransportResponse } from './transport';

/**
 * Adapts a WHATWG `fetch` (yours, or Node's) to the {@link Transport} seam. Slower than undici's Pool.
 * URL userinfo is not sent (the fetch standard refuses such URLs; the undici transport ignores it
 * too), and no error it throws carries userinfo, token-like query values or the fetch's raw text
 * unscrubbed.
 */
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
    const url = new URL(request.url);
    const target = url.username === '' && url.password === '' ? request.url : withoutUserinfo(url);
    try {
      const response = await this.#fetch(target, {
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
      const secrets = secretsOfUrl(url);
      const scrub = (text: string): string => secrets.scrub(text);
      const where = scrub(`${url.origin}${url.pathname}`);
      if ((error as Error).name === 'TimeoutError') {
        throw new RequestTimeout(
          `No answer within ${request.timeoutMs} ms from ${request.method} ${where}.`,
          { method: request.method, url: where, timeoutMs: request.timeoutMs ?? 0 },
          { cause: scrubbedError(error, scrub) },
        );
      }
      throw new ConnectionError(
        `Could not reach ${request.method} ${where}: ${scrub((error as Error).message)}`,
        { method: request.method, url: where },
        { cause: scrubbedError(error, scrub) },
      );
    }
  }
}

function withoutUserinfo(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
