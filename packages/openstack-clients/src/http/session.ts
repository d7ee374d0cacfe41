import type { HttpMethod } from './transport';

/**
 * Service types the clients address. `block-storage` resolves through its aliases
 * (`volumev3`, `volumev2`, `volume`, `block-store`) as keystoneauth does.
 */
export type ServiceType = 'identity' | 'block-storage' | 'compute' | 'network';

/** Options of one service call. */
export interface ServiceCallOptions {
  /** Query string values; `undefined` entries are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body; serialized by the session. */
  body?: unknown;
  /** Extra headers (lower-case names). */
  headers?: Record<string, string>;
  /** Statuses that count as success; default: any 2xx. */
  expectedStatus?: readonly number[];
  /** Microversion to send for this call, e.g. `3.0` or `2.1` (header name chosen per service). */
  microversion?: string;
  /** Cancels the call (and its retries). */
  signal?: AbortSignal;
}

/** A successful service response with its body parsed (`undefined` when empty). */
export interface ServiceResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
  /** `x-openstack-request-id` or `x-compute-request-id`, when present. */
  requestId?: string;
}

/**
 * What every service client calls: authenticated, endpoint-resolved, retried and error-mapped.
 * A non-expected status rejects with the typed error for it (NotFound, BadRequest, OverLimit, ...).
 * `path` is relative to the service's catalog endpoint (e.g. `/volumes/{id}` for block-storage,
 * `/v2.0/floatingips` for network).
 */
export interface ServiceSession {
  request<T = unknown>(
    service: ServiceType,
    method: HttpMethod,
    path: string,
    options?: ServiceCallOptions,
  ): Promise<ServiceResponse<T>>;
  /** Project id of the current token's scope (for paths like `/os-quota-sets/{project_id}`). */
  projectId(): Promise<string>;
}
