/**
 * The error hierarchy of @track/openstack-clients. Every error has a stable string `code`, the facts
 * as fields, and a message that says what happened and what to do. Secrets never enter any of them:
 * messages, URLs and server text are scrubbed through the secret registry before construction.
 */

/** Facts about the HTTP exchange an {@link OpenStackError} came from. */
export interface HttpFacts {
  /** HTTP status, or `undefined` when no response arrived. */
  status?: number;
  /** HTTP method, upper case. */
  method?: string;
  /** Request URL, with secrets and userinfo removed. */
  url?: string;
  /** `x-openstack-request-id` (or `x-compute-request-id`) of the response, when present. */
  requestId?: string;
  /** The server's own message, taken from the OpenStack fault body, scrubbed. */
  serverMessage?: string;
}

/**
 * Which request an error is about when it did not come from a failed response: the method, the URL
 * (secret-free) and the request id of the last response a waiter saw.
 */
export type RequestFacts = Pick<HttpFacts, 'method' | 'url' | 'requestId'>;

/** Base class of every error this package throws. */
export class OpenStackError extends Error {
  /** Stable machine-readable code, e.g. `OPENSTACK_NOT_FOUND`. */
  readonly code: string;
  readonly status?: number;
  readonly method?: string;
  readonly url?: string;
  readonly requestId?: string;
  readonly serverMessage?: string;

  constructor(code: string, message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = facts.status;
    this.method = facts.method;
    this.url = facts.url;
    this.requestId = facts.requestId;
    this.serverMessage = facts.serverMessage;
  }

  /** Plain data for logs and reports; never includes `cause`, headers or bodies. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      serverMessage: this.serverMessage,
    };
  }
}

/** 400: the request was malformed or the resource is in a state that forbids it. */
export class BadRequest extends OpenStackError {
  constructor(message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super('OPENSTACK_BAD_REQUEST', message, facts, options);
  }
}

/** 401: authentication failed or the token is no longer valid (after the one re-auth retry). */
export class Unauthorized extends OpenStackError {
  constructor(message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super('OPENSTACK_UNAUTHORIZED', message, facts, options);
  }
}

/**
 * Keystone authenticated the user but issued a token without a project (no project scope was
 * given): Cinder and Nova need a project-scoped token. Set a project name and domain, or a project id.
 */
export class UnscopedToken extends Unauthorized {
  override readonly code = 'OPENSTACK_UNSCOPED_TOKEN';
}

/** 403: not allowed (Nova also answers 403 for quota exceeded). */
export class Forbidden extends OpenStackError {
  constructor(message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super('OPENSTACK_FORBIDDEN', message, facts, options);
  }
}

/** 404: the resource does not exist (or belongs to another project). */
export class NotFound extends OpenStackError {
  constructor(message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super('OPENSTACK_NOT_FOUND', message, facts, options);
  }
}

/** 409: conflicting request (name exists, server in a state that forbids the action, ...). */
export class Conflict extends OpenStackError {
  constructor(message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super('OPENSTACK_CONFLICT', message, facts, options);
  }
}

/**
 * 413 or 429: quota exceeded (`retryAfter` 0 or absent: never retried) or rate limited
 * (`retryAfter` > 0 seconds: retried when retries are enabled, and thrown once they run out).
 */
export class OverLimit extends OpenStackError {
  /** Seconds the server asked to wait, parsed from `Retry-After` (seconds or HTTP date). */
  readonly retryAfter?: number;
  constructor(
    message: string,
    facts: HttpFacts & { retryAfter?: number } = {},
    options?: { cause?: unknown },
  ) {
    super('OPENSTACK_OVER_LIMIT', message, facts, options);
    this.retryAfter = facts.retryAfter;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

/**
 * 5xx, or a response that is not what the API promises (HTML error page, non-JSON body). A 503 may
 * carry `retryAfter` (a load balancer's `Retry-After`), which the retry policy honours.
 */
export class ServerFault extends OpenStackError {
  /** Seconds the server asked to wait, parsed from a 503's `Retry-After` (seconds or HTTP date). */
  readonly retryAfter?: number;
  constructor(
    message: string,
    facts: HttpFacts & { retryAfter?: number } = {},
    options?: { cause?: unknown },
  ) {
    super('OPENSTACK_SERVER_FAULT', message, facts, options);
    this.retryAfter = facts.retryAfter;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

/** Any other unexpected status (e.g. 405, 406, 415). */
export class UnexpectedResponse extends OpenStackError {
  constructor(message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super('OPENSTACK_UNEXPECTED_RESPONSE', message, facts, options);
  }
}

/** The request got no answer within its timeout. */
export class RequestTimeout extends OpenStackError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(message: string, facts: HttpFacts & { timeoutMs: number }, options?: { cause?: unknown }) {
    super('OPENSTACK_REQUEST_TIMEOUT', message, facts, options);
    this.timeoutMs = facts.timeoutMs;
  }
}

/** The endpoint could not be reached (connection refused, reset, DNS failure, TLS failure). */
export class ConnectionError extends OpenStackError {
  constructor(message: string, facts: HttpFacts = {}, options?: { cause?: unknown }) {
    super('OPENSTACK_CONNECTION_ERROR', message, facts, options);
  }
}

/** Facts about what a waiter waited for. */
export interface WaitFacts {
  /** Resource kind, e.g. `volume`, `snapshot`, `server`. */
  resourceType: string;
  resourceId: string;
  /** What the waiter waited for, e.g. `status available` or `deletion`. */
  waitedFor: string;
  /** Last status seen, when any. */
  lastStatus?: string;
  /** Seconds waited. */
  waitedSeconds: number;
}

/**
 * A waiter ran out of time; the message says what it waited for and what it last saw. `method`,
 * `url` and `requestId` are those of the last poll that got an answer.
 */
export class WaiterTimeout extends OpenStackError {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly waitedFor: string;
  readonly lastStatus?: string;
  readonly waitedSeconds: number;
  constructor(message: string, facts: WaitFacts & RequestFacts) {
    super('OPENSTACK_WAITER_TIMEOUT', message, {
      method: facts.method,
      url: facts.url,
      requestId: facts.requestId,
    });
    this.resourceType = facts.resourceType;
    this.resourceId = facts.resourceId;
    this.waitedFor = facts.waitedFor;
    this.lastStatus = facts.lastStatus;
    this.waitedSeconds = facts.waitedSeconds;
  }
  override toJSON(): Record<string, unknown> {
    const { resourceType, resourceId, waitedFor, lastStatus, waitedSeconds } = this;
    return { ...super.toJSON(), resourceType, resourceId, waitedFor, lastStatus, waitedSeconds };
  }
}

/**
 * A resource reached a terminal error status while a waiter watched it (`error`, `error_deleting`,
 * server `ERROR`, ...). Thrown at once, without waiting for the timeout. `method`, `url` and
 * `requestId` are those of the GET that showed the status.
 */
export class ResourceErrorStatus extends OpenStackError {
  readonly resourceType: string;
  readonly resourceId: string;
  /** The terminal status seen, e.g. `error_deleting`. */
  readonly resourceStatus: string;
  /** Server fault detail, when the API gives one (Nova `fault.message`). */
  readonly fault?: string;
  constructor(
    message: string,
    facts: RequestFacts & {
      resourceType: string;
      resourceId: string;
      resourceStatus: string;
      fault?: string;
    },
  ) {
    super('OPENSTACK_RESOURCE_ERROR_STATUS', message, {
      method: facts.method,
      url: facts.url,
      requestId: facts.requestId,
    });
    this.resourceType = facts.resourceType;
    this.resourceId = facts.resourceId;
    this.resourceStatus = facts.resourceStatus;
    this.fault = facts.fault;
  }
  override toJSON(): Record<string, unknown> {
    const { resourceType, resourceId, resourceStatus, fault } = this;
    return { ...super.toJSON(), resourceType, resourceId, resourceStatus, fault };
  }
}

/** A setting is missing or invalid (env, clouds.yaml, options). The message names the field and source. */
export class ConfigError extends OpenStackError {
  /** The field at fault, e.g. `auth.auth_url` or `OS_PASSWORD`. */
  readonly field?: string;
  /** Where it came from, e.g. a clouds.yaml path or `environment`. */
  readonly source?: string;
  constructor(
    message: string,
    facts: { field?: string; source?: string } = {},
    options?: { cause?: unknown },
  ) {
    super('OPENSTACK_CONFIG_ERROR', message, {}, options);
    this.field = facts.field;
    this.source = facts.source;
  }
}

/**
 * The service catalog has no endpoint for the requested service type, interface and region. Thrown
 * by the first call that needs the service, never earlier: on a cloud without Nova or Neutron the
 * block-storage calls work, and a compute call fails with this error (`service` says which).
 */
export class EndpointNotFound extends OpenStackError {
  /** The service type asked for, e.g. `compute`. */
  readonly service?: string;
  /** The interfaces tried, in order, e.g. `['public']`. */
  readonly interfaces?: readonly string[];
  /** The region the endpoint had to be in, when one is set. */
  readonly regionName?: string;
  constructor(
    message: string,
    facts: { service?: string; interfaces?: readonly string[]; regionName?: string } = {},
  ) {
    super('OPENSTACK_ENDPOINT_NOT_FOUND', message);
    this.service = facts.service;
    this.interfaces = facts.interfaces;
    this.regionName = facts.regionName;
  }
  override toJSON(): Record<string, unknown> {
    const { service, interfaces, regionName } = this;
    return { ...super.toJSON(), service, interfaces, regionName };
  }
}

/**
 * A request needs a microversion the cloud does not offer (e.g. `networks: "none"` needs compute
 * 2.37). Thrown before anything is sent; the message says what to send instead.
 */
export class MicroversionUnsupported extends OpenStackError {
  /** The microversioned service, e.g. `compute`. */
  readonly service: string;
  /** The lowest microversion the request needs, e.g. `2.37`. */
  readonly required: string;
  /** The highest microversion the cloud offers (`2.1` when it advertises none). */
  readonly maximum: string;
  constructor(message: string, facts: { service: string; required: string; maximum: string }) {
    super('OPENSTACK_MICROVERSION_UNSUPPORTED', message);
    this.service = facts.service;
    this.required = facts.required;
    this.maximum = facts.maximum;
  }
  override toJSON(): Record<string, unknown> {
    const { service, required, maximum } = this;
    return { ...super.toJSON(), service, required, maximum };
  }
}
