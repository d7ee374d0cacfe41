import type { ClientOptions, WaitOptions } from './client-options';
import type { ServiceCallOptions, ServiceResponse, ServiceSession, ServiceType } from './http/session';
import type { HttpMethod } from './http/transport';
import { type ResolvedWaiter, resolveWaiter } from './waiters/wait-for';

/**
 * One client's line to its service: the session, the service type and the waiter settings. Each
 * client keeps its own in a `#` field, so neither `Trace` (which wraps public methods) nor the
 * published types see it.
 */
export class ServiceApi {
  readonly #service: ServiceType;
  readonly #session: ServiceSession;
  readonly #options: ClientOptions;

  constructor(service: ServiceType, session: ServiceSession, options: ClientOptions = {}) {
    this.#service = service;
    this.#session = session;
    this.#options = options;
  }

  /** An authenticated call to the service, `path` relative to its catalog endpoint. */
  request<T>(method: HttpMethod, path: string, options?: ServiceCallOptions): Promise<ServiceResponse<T>> {
    return this.#session.request<T>(this.#service, method, path, options);
  }

  /** Project id of the session's token (for paths like `/os-quota-sets/{project_id}`). */
  projectId(): Promise<string> {
    return this.#session.projectId();
  }

  /** The client's waiter settings with the call's own options over them. */
  waiter(options?: WaitOptions): ResolvedWaiter {
    return resolveWaiter(this.#options.waiter, options);
  }
}

/** What every client shares: a plain JSON form naming the client (never its session). */
export abstract class ServiceClient {
  toJSON(): Record<string, unknown> {
    return { client: this.constructor.name };
  }
}
