import { Pool, errors as undiciErrors } from 'undici';
import { ConnectionError, RequestTimeout } from '../errors';
import { scrubbedError, secretsOfUrl } from './secret-registry';
import type { Transport, TransportRequest, TransportResponse } from './transport';

/** Options of {@link UndiciTransport}. */
export interface UndiciTransportOptions {
  /** Keep-alive connections per origin; size it from the run's concurrency (default 16). */
  connections?: number;
  /** Verify TLS certificates (default true). */
  verifyTls?: boolean;
  /**
   * CA certificate(s) in PEM to trust for https origins (a cloud's `cacert`). As with `requests`'
   * `verify=<bundle>`, they replace Node's bundled roots for this transport rather than add to them.
   */
  ca?: string | Buffer;
}

/**
 * The fast path for real HTTP: undici's `Pool` per origin with keep-alive, HTTP/1.1, pipelining off. The
 * WHATWG `fetch` API costs 4-5x more per call on the hot path here (design notes), so the clients
 * use this by default. A request's `timeoutMs` is one deadline over connect, headers and the whole
 * body (a RequestTimeout when it passes); an abort of the caller's own signal rejects with that
 * signal's reason instead. URL userinfo is never sent, and no error carries it.
 */
export class UndiciTransport implements Transport {
  readonly #pools = new Map<string, Pool>();
  readonly #options: UndiciTransportOptions;

  constructor(options: UndiciTransportOptions = {}) {
    this.#options = options;
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const url = new URL(request.url);
    const pool = this.#pool(url.origin);
    const timeout = request.timeoutMs && request.timeoutMs > 0 ? request.timeoutMs : 0;
    // undici checks headersTimeout/bodyTimeout on a ~1 s tick and bodyTimeout only between chunks, so
    // a timer is the deadline; those two stay as a backstop. A plain timer and controller cost less
    // per request than AbortSignal.timeout and AbortSignal.any.
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let forwardAbort: (() => void) | undefined;
    let signal = request.signal;
    if (timeout > 0) {
      const controller = new AbortController();
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeout);
      const callerSignal = request.signal;
      if (callerSignal !== undefined) {
        forwardAbort = () => controller.abort(callerSignal.reason);
        if (callerSignal.aborted) forwardAbort();
        else callerSignal.addEventListener('abort', forwardAbort, { once: true });
      }
      signal = controller.signal;
    }
    try {
      const response = await pool.request({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: request.headers,
        body: request.body,
        signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = await response.body.text();
      return { status: response.statusCode, headers, body };
    } catch (error) {
      throw mapUndiciError(error, request, url, timeout, timedOut);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (forwardAbort !== undefined) request.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
  }

  #pool(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (pool === undefined) {
      const tls = origin.startsWith('https:')
        ? {
            connect: {
              rejectUnauthorized: this.#options.verifyTls !== false,
              ...(this.#options.ca ? { ca: this.#options.ca } : {}),
            },
          }
        : {};
      pool = new Pool(origin, {
        connections: this.#options.connections ?? 16,
        pipelining: 1,
        // HTTP/1.1 only: with HTTP/2 (undici's default when TLS offers it) one connection carries
        // every stream, and `connections` no longer bounds the requests in flight.
        allowH2: false,
        keepAliveTimeout: 30_000,
        ...tls,
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }
}

function mapUndiciError(
  error: unknown,
  request: TransportRequest,
  url: URL,
  timeoutMs: number,
  timedOut: boolean,
): unknown {
  if (request.signal?.aborted) return request.signal.reason ?? error;
  const secrets = secretsOfUrl(url);
  const scrub = (text: string): string => secrets.scrub(text);
  const target = scrub(`${url.origin}${url.pathname}`);
  const where = `${request.method} ${target}`;
  if (
    timedOut ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    return new RequestTimeout(
      `No answer within ${timeoutMs} ms from ${where}; raise the request timeout or check the endpoint.`,
      { method: request.method, url: target, timeoutMs },
      { cause: scrubbedError(error, scrub) },
    );
  }
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return new ConnectionError(
    `Could not reach ${where} (${scrub(code ?? (error as Error).message)}); check the URL, that the service is up and that the network allows it.`,
    { method: request.method, url: target },
    { cause: scrubbedError(error, scrub) },
  );
}
