/**
 * The in-process face of the fake: a client's transport hands it a request as plain data and gets
 * the response as plain data, with no socket in between. Connection-level faults surface as a
 * socket's would: an `Error` with Node's `code` (`ECONNRESET`, `ECONNREFUSED`), so an adapter maps
 * them with the same rule it applies to real sockets.
 */

/** One HTTP request sent to the fake in-process. */
export interface InProcessRequest {
  /** Upper-case HTTP method, e.g. `GET`. */
  method: string;
  /** Absolute URL, e.g. `http://fake-cloud.invalid/volume/v3/...`. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Body text, or undefined for none. */
  body?: string;
  /** Abandons the request: the exchange rejects with the signal's reason (the fake's work goes on). */
  signal?: AbortSignal;
}

/** One HTTP response of the fake, body complete. */
export interface InProcessResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Body text, `''` for none (always `''` for `HEAD`). */
  body: string;
}

/** An error shaped like Node's socket errors: `code` says what happened to the connection. */
export interface SocketLikeError extends Error {
  code: 'ECONNRESET' | 'ECONNREFUSED';
}

/** A socket-like error with Node's `code` and a message naming the request. */
export function socketError(code: SocketLikeError['code'], message: string): SocketLikeError {
  return Object.assign(new Error(message), { code });
}

/** `pending`, or a rejection with `signal.reason` as soon as `signal` aborts. */
export function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
