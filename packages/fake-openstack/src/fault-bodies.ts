import { type FakeResponse, json } from './fake-request';
import type { FaultRule } from './fault-rules';

/** The services the fake serves; each has its own error body format. */
export type FakeService = 'identity' | 'block-storage' | 'compute' | 'network' | 'image';

const CINDER_NOVA_FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const NEUTRON_TYPES: Record<number, string> = {
  400: 'BadRequest',
  401: 'NotAuthorized',
  403: 'PolicyNotAuthorized',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

/** The reason phrase of an HTTP status. */
export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? 'Error';
}

/**
 * An error response in the body format of `service`: Cinder and Nova `{"itemNotFound":{"code","message"}}`
 * (413/429 add `retryAfter`), Keystone `{"error":{"code","title","message"}}`, Neutron
 * `{"NeutronError":{"type","message","detail"}}`.
 */
export function fault(
  service: FakeService,
  status: number,
  message: string,
  options: { retryAfter?: number; neutronType?: string; headers?: Record<string, string> } = {},
): FakeResponse {
  const headers: Record<string, string> = { ...options.headers };
  if (options.retryAfter !== undefined) headers['retry-after'] = String(options.retryAfter);
  if (service === 'identity') {
    return json(status, { error: { code: status, title: reasonPhrase(status), message } }, headers);
  }
  if (service === 'image') {
    // Glance's errors are webob's, in JSON when the client accepts it (every OpenStack SDK does).
    return json(
      status,
      {
        message: `${message}<br /><br />\n\n\n`,
        code: `${status} ${reasonPhrase(status)}`,
        title: reasonPhrase(status),
      },
      headers,
    );
  }
  if (service === 'network') {
    const type = options.neutronType ?? NEUTRON_TYPES[status] ?? 'NeutronError';
    return json(status, { NeutronError: { type, message, detail: '' } }, headers);
  }
  const name = status === 429 ? 'overLimit' : (CINDER_NOVA_FAULT_NAMES[status] ?? 'computeFault');
  const body: Record<string, unknown> = { code: status, message };
  if ((status === 413 || status === 429) && options.retryAfter !== undefined)
    body.retryAfter = String(options.retryAfter);
  return json(status, { [name]: body }, headers);
}

/**
 * webob's own error page, what an OpenStack service's router answers for a path (or method) it has
 * no route for, and Glance for every error: JSON when `accept` asks for it, else its HTML page.
 */
export function webobError(
  status: number,
  explanation: string,
  accept: string | undefined,
  headers: Record<string, string> = {},
): FakeResponse {
  const phrase = reasonPhrase(status);
  if (accept?.includes('application/json') && !accept.includes('html')) {
    return json(
      status,
      { message: `${explanation}<br /><br />\n\n\n`, code: `${status} ${phrase}`, title: phrase },
      headers,
    );
  }
  return {
    status,
    headers: { 'content-type': 'text/html; charset=UTF-8', ...headers },
    body: `<html>\n <head>\n  <title>${status} ${phrase}</title>\n </head>\n <body>\n  <h1>${status} ${phrase}</h1>\n  ${explanation}<br /><br />\n\n\n\n </body>\n</html>`,
  };
}

/**
 * The keystonemiddleware 401 every service returns for a missing, unknown or expired token; Glance's
 * is webob's page (JSON when `accept` asks for it).
 */
export function tokenRejected(identityUrl: string, service?: FakeService, accept?: string): FakeResponse {
  const authenticate = { 'www-authenticate': `Keystone uri="${identityUrl}"` };
  if (service === 'image')
    return webobError(
      401,
      'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.',
      accept,
      authenticate,
    );
  return json(
    401,
    {
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    },
    authenticate,
  );
}

/** A load balancer's HTML error page (what a real cloud shows when a proxy answers instead of the API). */
export function htmlErrorPage(status: number): FakeResponse {
  const phrase = reasonPhrase(status);
  return {
    status,
    headers: { 'content-type': 'text/html' },
    body: `<html><head><title>${status} ${phrase}</title></head><body><h1>${status} ${phrase}</h1></body></html>`,
  };
}

/**
 * The answer a fault rule injects with `status`: an HTML page, a malformed or empty body, or the
 * service's own fault body with the rule's message (or the status's usual one), with `Retry-After`
 * when the rule sets it.
 */
export function ruleResponse(service: FakeService, rule: FaultRule, status: number): FakeResponse {
  const extraHeaders: Record<string, string> =
    rule.retryAfter === undefined ? {} : { 'retry-after': String(rule.retryAfter) };
  switch (rule.body) {
    case 'html': {
      const page = htmlErrorPage(status);
      Object.assign(page.headers, extraHeaders);
      return page;
    }
    case 'malformed-json':
      return {
        status,
        headers: { 'content-type': 'application/json', ...extraHeaders },
        body: '{"computeFault": {"code": 500, "mess',
      };
    case 'empty':
      return { status, headers: extraHeaders, body: '' };
    default:
      return fault(
        service,
        status,
        rule.message ?? defaultFaultMessage(status),
        rule.retryAfter === undefined ? {} : { retryAfter: rule.retryAfter },
      );
  }
}

/** The message a real API gives with `status` when a rule names none. */
function defaultFaultMessage(status: number): string {
  if (status === 503) return 'The server is currently unavailable. Please try again at a later time.';
  if (status === 413 || status === 429) return 'This request was rate-limited.';
  return 'The server has either erred or is incapable of performing the requested operation.';
}
