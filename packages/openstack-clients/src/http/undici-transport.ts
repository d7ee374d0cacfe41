import { Pool } from 'undici';
import { startDeadline } from './request-deadline';
import { untrustedCertificateError } from './tls-error';
import type { Transport, TransportRequest, TransportResponse } from './transport';
import { transportError } from './transport-error';

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
  /**
   * How the user names the CA setting, for the message of an untrusted certificate (default
   * `cacert (clouds.yaml) or OS_CACERT`).
   */
  caSetting?: string;
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
    const deadline = startDeadline(request);
    try {
      const response = await pool.request({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: request.headers,
        body: request.body,
        signal: deadline.signal,
        // undici checks these on a ~1 s tick and bodyTimeout only between chunks, so the deadline's
        // timer decides; these two stay as a backstop.
        headersTimeout: deadline.timeoutMs,
        bodyTimeout: deadline.timeoutMs,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = await response.body.text();
      return { status: response.statusCode, headers, body };
    } catch (error) {
      throw (
        untrustedCertificateError(error, request, url, this.#options) ??
        transportError(error, request, url, deadline)
      );
    } finally {
      deadline.dispose();
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
