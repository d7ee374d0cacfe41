import {
  BadRequest,
  Conflict,
  Forbidden,
  type HttpFacts,
  NotFound,
  type OpenStackError,
  OverLimit,
  ServerFault,
  Unauthorized,
  UnexpectedResponse,
} from '../errors';
import { parseRetryAfter } from './retry-after';
import type { SecretRegistry } from './secret-registry';
import type { TransportResponse } from './transport';

/**
 * The server's message from an OpenStack error body: Cinder/Nova `{"itemNotFound":{"message"}}`,
 * Keystone `{"error":{"message"}}`, Neutron `{"NeutronError":{"message"}}`, or a top-level
 * `message`. `undefined` for a body that is not JSON (an HTML page from a proxy, say).
 */
export function serverMessageOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const top = parsed as Record<string, unknown>;
  if (typeof top.message === 'string') return top.message;
  for (const value of Object.values(top)) {
    if (
      value &&
      typeof value === 'object' &&
      typeof (value as Record<string, unknown>).message === 'string'
    ) {
      return (value as { message: string }).message;
    }
  }
  return undefined;
}

/** The request id of a response (`x-openstack-request-id`, else `x-compute-request-id`). */
export function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-openstack-request-id'] ?? headers['x-compute-request-id'];
}

/** Maps a non-success response to its typed error, with secrets scrubbed from every field. */
export function errorFromResponse(
  response: TransportResponse,
  request: { method: string; url: string },
  secrets: SecretRegistry,
  now: () => number = Date.now,
): OpenStackError {
  const { status } = response;
  const url = secrets.scrubUrl(stripQuery(request.url));
  const rawMessage = serverMessageOf(response.body);
  const serverMessage = rawMessage === undefined ? undefined : secrets.scrub(rawMessage);
  const facts: HttpFacts = {
    status,
    method: request.method,
    url,
    requestId: requestIdOf(response.headers),
    serverMessage,
  };
  const where = `${request.method} ${url}`;
  const said = serverMessage === undefined ? describeBody(response) : `: ${serverMessage}`;
  const id = facts.requestId ? ` (request id ${facts.requestId})` : '';
  switch (status) {
    case 400:
      return new BadRequest(`${where} was rejected as a bad request${said}${id}`, facts);
    case 401:
      return new Unauthorized(
        `${where} was not authorized${said}${id}; check the credentials and the project scope`,
        facts,
      );
    case 403:
      return new Forbidden(`${where} is forbidden${said}${id}`, facts);
    case 404:
      return new NotFound(`${where} found nothing${said}${id}`, facts);
    case 409:
      return new Conflict(`${where} conflicts with the resource's state${said}${id}`, facts);
    case 413:
    case 429: {
      const retryAfter = parseRetryAfter(response.headers['retry-after'], response.headers.date, now);
      return new OverLimit(`${where} is over a limit (${status})${said}${id}${waitNote(retryAfter)}`, {
        ...facts,
        retryAfter,
      });
    }
    case 503: {
      // A load balancer or API in maintenance says when to come back; the retry policy honours it.
      const retryAfter = parseRetryAfter(response.headers['retry-after'], response.headers.date, now);
      return new ServerFault(`${where} failed with 503${said}${id}${waitNote(retryAfter)}`, {
        ...facts,
        retryAfter,
      });
    }
    default:
      if (status >= 500) return new ServerFault(`${where} failed with ${status}${said}${id}`, facts);
      return new UnexpectedResponse(`${where} answered an unexpected ${status}${said}${id}`, facts);
  }
}

function waitNote(retryAfter: number | undefined): string {
  return retryAfter === undefined ? '' : `; Retry-After ${retryAfter} s`;
}

function describeBody(response: TransportResponse): string {
  const type = response.headers['content-type'] ?? 'no content type';
  if (response.body === '') return ' (empty body)';
  if (type.includes('html'))
    return ` (an HTML page, not an OpenStack error: a proxy or load balancer answered)`;
  return ` (a body that is not an OpenStack error, ${type})`;
}

function stripQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
