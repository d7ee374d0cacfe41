import type { RequestFacts } from '../errors';
import type { ServiceResponse } from '../http/session';

/** Options of a GET that a waiter polls: `onResponse` learns which request answered. */
export interface ObservedCallOptions {
  /** Called with the request's facts once a success response arrived (a failed call's error has them). */
  onResponse?: (request: RequestFacts) => void;
}

/**
 * The facts of one answered request, for the errors a waiter raises after it: method, URL and the
 * response's request id. The URL is the path relative to the service endpoint (ids, no query), so it
 * holds no secret; a {@link ServiceResponse} does not say which absolute URL it came from.
 */
export function requestFactsOf(
  method: string,
  path: string,
  response: ServiceResponse<unknown>,
): RequestFacts {
  return {
    method,
    url: path,
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  };
}

/** Runs `call` with an `onResponse` observer; returns its value and the facts of the request that answered. */
export async function observe<T>(
  call: (options: ObservedCallOptions) => Promise<T>,
): Promise<{ value: T; request?: RequestFacts }> {
  const seen: { request?: RequestFacts } = {};
  const value = await call({
    onResponse: (request) => {
      seen.request = request;
    },
  });
  return { value, ...seen };
}

/** `GET /volumes/x, request id req-1` (the parts that are known), or `''`. */
export function describeRequest(request: RequestFacts): string {
  const parts: string[] = [];
  if (request.method && request.url) parts.push(`${request.method} ${request.url}`);
  if (request.requestId) parts.push(`request id ${request.requestId}`);
  return parts.join(', ');
}

/** ` (GET /volumes/x, request id req-1)` to end an error message, or `''` when nothing is known. */
export function requestNote(request: RequestFacts | undefined): string {
  const detail = request === undefined ? '' : describeRequest(request);
  return detail === '' ? '' : ` (${detail})`;
}
