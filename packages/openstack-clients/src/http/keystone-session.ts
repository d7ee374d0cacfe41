import { abortableSleep } from '../abortable-sleep';
import { ServerFault } from '../errors';
import { selectEndpoint } from '../identity/catalog';
import type { CloudConfig } from '../identity/credentials';
import { authenticate, type IssuedToken } from '../identity/keystone-auth';
import { errorFromResponse, requestIdOf } from './response-error';
import { type RetryOptions, RetryPolicy } from './retry-policy';
import { SecretRegistry } from './secret-registry';
import type { ServiceCallOptions, ServiceResponse, ServiceSession, ServiceType } from './session';
import type { HttpMethod, Transport } from './transport';

/** A retried attempt, for callers who count them (e.g. `stats.recordRetry`). */
export interface RetryEvent {
  service: ServiceType;
  method: HttpMethod;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

/**
 * HTTP requests a session sent to the service endpoints (each attempt of a retried or re-authenticated
 * request counts; authentication requests do not), and how many of them failed: no answer (timeout,
 * reset, refused), a 5xx answer, or a success whose body is not JSON. A 4xx answer is the cloud
 * refusing the request (a deletion probe's 404, a quota's 413), counted as sent, not as failed.
 */
export interface RequestCounts {
  sent: number;
  failed: number;
}

/** HTTP requests of one service, method and status (`error`: no answer came), for metrics. */
export interface RequestOutcome {
  service: ServiceType;
  method: HttpMethod;
  status: string;
  count: number;
}

/** Options of {@link KeystoneSession}. */
export interface KeystoneSessionOptions {
  /** Per-request timeout in ms (default: the cloud's `api_timeout`, else 60,000; 0 = none). */
  requestTimeoutMs?: number;
  /** Opt-in retries (default none). */
  retries?: RetryOptions;
  /** Called before each retried attempt. */
  onRetry?: (event: RetryEvent) => void;
  /** Renew the token when it has less than this left (default 120 s, as keystoneauth). */
  renewBeforeSeconds?: number;
  /** Default microversions per service, e.g. `{ 'block-storage': '3.0', compute: '2.1' }`. */
  microversions?: Partial<Record<ServiceType, string>>;
  /** Clock and sleep, for tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const MICROVERSION_SERVICE: Partial<Record<ServiceType, string>> = {
  'block-storage': 'volume',
  compute: 'compute',
};

/**
 * An authenticated session with one cloud: Keystone v3 token with proactive renewal (single flight)
 * and exactly one re-authentication on a 401, endpoint resolution from the catalog, microversion
 * headers, opt-in bounded retries, and typed errors with secrets scrubbed.
 */
export class KeystoneSession implements ServiceSession {
  readonly #config: CloudConfig;
  readonly #transport: Transport;
  readonly #secrets = new SecretRegistry();
  readonly #retry: RetryPolicy;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;
  readonly #timeoutMs: number;
  readonly #renewBeforeMs: number;
  readonly #microversions: Partial<Record<ServiceType, string>>;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #token: IssuedToken | undefined;
  #pending: Promise<IssuedToken> | undefined;
  #endpoints = new Map<ServiceType, string>();
  #authentications = 0;
  #requestsSent = 0;
  #requestsFailed = 0;
  /** Requests per `service method status`: one map update per request. */
  readonly #outcomes = new Map<string, RequestOutcome>();

  constructor(config: CloudConfig, transport: Transport, options: KeystoneSessionOptions = {}) {
    this.#config = config;
    this.#transport = transport;
    this.#retry = new RetryPolicy(options.retries);
    this.#onRetry = options.onRetry;
    this.#timeoutMs = options.requestTimeoutMs ?? config.requestTimeoutMs ?? 60_000;
    this.#renewBeforeMs = (options.renewBeforeSeconds ?? 120) * 1000;
    this.#microversions = options.microversions ?? {};
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? abortableSleep;
    const auth = config.auth;
    this.#secrets.add(auth.type === 'password' ? auth.password : auth.applicationCredentialSecret);
  }

  /** The registry of secrets this session has seen; scrub your own texts with it. */
  get secrets(): SecretRegistry {
    return this.#secrets;
  }

  /** Re-authentications done after the first token (renewals and 401 recoveries). */
  get reauthentications(): number {
    return Math.max(0, this.#authentications - 1);
  }

  /** Requests sent and failed so far (see {@link RequestCounts}): two counters, no per-request cost beyond that. */
  get requestCounts(): RequestCounts {
    return { sent: this.#requestsSent, failed: this.#requestsFailed };
  }

  /** Requests sent so far per service, method and status (`error` when no answer came). */
  requestOutcomes(): RequestOutcome[] {
    return [...this.#outcomes.values()].map((outcome) => ({ ...outcome }));
  }

  #countOutcome(service: ServiceType, method: HttpMethod, status: string): void {
    const key = `${service} ${method} ${status}`;
    const outcome = this.#outcomes.get(key);
    if (outcome) outcome.count++;
    else this.#outcomes.set(key, { service, method, status, count: 1 });
  }

  /** The cloud's name. */
  get cloudName(): string {
    return this.#config.name;
  }

  async projectId(): Promise<string> {
    return (await this.#validToken()).projectId;
  }

  /** The endpoint URL of `service` (after authenticating when needed). */
  async endpoint(service: ServiceType): Promise<string> {
    return this.#endpointOf(await this.#validToken(), service);
  }

  async request<T = unknown>(
    service: ServiceType,
    method: HttpMethod,
    path: string,
    options: ServiceCallOptions = {},
  ): Promise<ServiceResponse<T>> {
    let token = await this.#validToken(options.signal);
    let reauthenticated = false;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const microversion = options.microversion ?? this.#microversions[service];
    const mvService = MICROVERSION_SERVICE[service];
    if (microversion !== undefined && mvService !== undefined) {
      headers['openstack-api-version'] = `${mvService} ${microversion}`;
      if (service === 'compute') headers['x-openstack-nova-api-version'] = microversion;
    }
    const query = queryString(options.query);
    for (let attempt = 1; ; attempt++) {
      const url = `${this.#endpointOf(token, service)}${path}${query}`;
      headers['x-auth-token'] = token.id;
      let error: unknown;
      let answered = false;
      this.#requestsSent++;
      try {
        const response = await this.#transport.request({
          method,
          url,
          headers,
          body,
          timeoutMs: this.#timeoutMs,
          signal: options.signal,
        });
        const expected = options.expectedStatus
          ? options.expectedStatus.includes(response.status)
          : response.status >= 200 && response.status < 300;
        answered = true;
        this.#countOutcome(service, method, String(response.status));
        if (expected) {
          try {
            return this.#success<T>(response, method, url);
          } catch (notJson) {
            this.#requestsFailed++;
            throw notJson;
          }
        }
        if (response.status >= 500) this.#requestsFailed++;
        if (response.status === 401 && !reauthenticated) {
          // keystoneauth: invalidate, re-authenticate and retry this request once.
          reauthenticated = true;
          // Only forget the token that was refused: a late 401 must not throw away a fresh one
          // another call already fetched (that would re-authenticate once per call in flight).
          if (this.#token === token) this.#token = undefined;
          token = await this.#validToken(options.signal);
          attempt--;
          continue;
        }
        error = errorFromResponse(response, { method, url }, this.#secrets, this.#now);
      } catch (thrown) {
        // No answer (a failed re-authentication after a 401 is not this request's failure).
        if (!answered) {
          this.#requestsFailed++;
          this.#countOutcome(service, method, 'error');
        }
        error = thrown;
      }
      const decision = this.#retry.decide(error, attempt, method);
      if (!decision.retry || options.signal?.aborted) throw error;
      this.#onRetry?.({ service, method, path, attempt, delayMs: decision.delayMs, reason: decision.reason });
      await this.#sleep(decision.delayMs, options.signal);
    }
  }

  /** Revokes nothing on the server; forgets the token (the next call re-authenticates). */
  invalidate(): void {
    this.#token = undefined;
  }

  toJSON(): Record<string, unknown> {
    return {
      cloud: this.#config.name,
      authUrl: this.#secrets.scrubUrl(this.#config.auth.authUrl),
      region: this.#config.regionName,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KeystoneSession(${JSON.stringify(this.toJSON())})`;
  }

  #success<T>(
    response: { status: number; headers: Record<string, string>; body: string },
    method: string,
    url: string,
  ): ServiceResponse<T> {
    let parsed: unknown;
    if (response.body !== '') {
      try {
        parsed = JSON.parse(response.body);
      } catch {
        throw new ServerFault(
          `${method} ${this.#secrets.scrubUrl(url.split('?')[0]!)} answered ${response.status} with a body that is not JSON (${response.headers['content-type'] ?? 'no content type'})`,
          {
            status: response.status,
            method,
            url: this.#secrets.scrubUrl(url.split('?')[0]!),
            requestId: requestIdOf(response.headers),
          },
        );
      }
      this.#registerSecretsIn(parsed);
    }
    return {
      status: response.status,
      headers: response.headers,
      body: parsed as T,
      requestId: requestIdOf(response.headers),
    };
  }

  /** Server-issued secrets (a server's `adminPass`, a transfer's `auth_key`) join the registry. */
  #registerSecretsIn(body: unknown): void {
    if (body === null || typeof body !== 'object') return;
    for (const value of Object.values(body as Record<string, unknown>)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const inner = value as Record<string, unknown>;
        if (typeof inner.adminPass === 'string') this.#secrets.add(inner.adminPass);
        if (typeof inner.auth_key === 'string') this.#secrets.add(inner.auth_key);
      }
    }
  }

  #endpointOf(token: IssuedToken, service: ServiceType): string {
    let url = this.#endpoints.get(service);
    if (url === undefined) {
      const override = this.#config.endpointOverrides[service];
      url = override
        ? override.replace(/\/+$/, '').replace('$(project_id)s', token.projectId)
        : selectEndpoint(token.catalog, service, {
            interfaces: this.#config.interfaces,
            regionName: this.#config.regionName,
          });
      this.#endpoints.set(service, url);
    }
    return url;
  }

  async #validToken(signal?: AbortSignal): Promise<IssuedToken> {
    const token = this.#token;
    if (token !== undefined && token.expiresAt - this.#now() > this.#renewBeforeMs) return token;
    // Single flight: concurrent callers share one authentication.
    this.#pending ??= authenticate(this.#transport, this.#config.auth, this.#secrets, {
      timeoutMs: this.#timeoutMs,
      ...(signal ? { signal } : {}),
    })
      .then((issued) => {
        this.#authentications++;
        this.#token = issued;
        this.#endpoints = new Map();
        return issued;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}

function queryString(query: ServiceCallOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
