/**
 * The transport seam: the only place bytes move. Clients never see it; the {@link Session} uses it.
 * Implementations: undici Pool (real HTTP, the fast path), a WHATWG `fetch` adapter (for users who
 * must inject their own fetch), and {@link InProcessTransport} over an in-process server such as
 * `@track/fake-openstack` (no sockets).
 */

/** HTTP methods the clients use. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One HTTP request, fully formed. */
export interface TransportRequest {
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Serialized body (JSON text), or undefined for none. */
  body?: string;
  /** Aborts the request; the transport rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Per-request timeout in milliseconds (0 or undefined: none). */
  timeoutMs?: number;
}

/** One HTTP response, body fully read. */
export interface TransportResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Raw body text, `''` when there is none. */
  body: string;
}

/** Moves one request and its response. Rejects only when no response arrived. */
export interface Transport {
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Releases sockets; idempotent. */
  close?(): Promise<void>;
}
