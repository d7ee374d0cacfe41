import { ConnectionError, RequestTimeout } from '../errors';
import type { RequestDeadline } from './request-deadline';
import { scrubbedError, secretsOfUrl } from './secret-registry';
import type { TransportRequest } from './transport';

/** Node and undici codes of a response that stopped arriving in time (undici's own timers). */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The one rule that turns what a connection did into this package's errors, for every transport
 * that moves requests itself (undici's pool, the in-process fake): the caller's own abort rejects
 * with the caller's reason; a deadline that passed, or a headers/body timeout, is a
 * {@link RequestTimeout}; anything else (reset, refused, DNS, TLS: the Node `code` is named) is a
 * {@link ConnectionError}. URL secrets are scrubbed from the message and the cause.
 */
export function transportError(
  error: unknown,
  request: TransportRequest,
  url: URL,
  deadline: Pick<RequestDeadline, 'timeoutMs' | 'timedOut'>,
): unknown {
  if (request.signal?.aborted) return request.signal.reason ?? error;
  const secrets = secretsOfUrl(url);
  const scrub = (text: string): string => secrets.scrub(text);
  const target = scrub(`${url.origin}${url.pathname}`);
  const where = `${request.method} ${target}`;
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (deadline.timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new RequestTimeout(
      `No answer within ${deadline.timeoutMs} ms from ${where}; raise the request timeout or check the endpoint.`,
      { method: request.method, url: target, timeoutMs: deadline.timeoutMs },
      { cause: scrubbedError(error, scrub) },
    );
  }
  return new ConnectionError(
    `Could not reach ${where} (${scrub(code ?? (error as Error).message)}); check the URL, that the service is up and that the network allows it.`,
    { method: request.method, url: target },
    { cause: scrubbedError(error, scrub) },
  );
}
