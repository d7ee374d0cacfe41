import { abortableSleep } from './abortable-sleep';
import type { ClientOptions, WaitOptions } from './client-options';
import type { ServiceCallOptions, ServiceResponse, ServiceSession, ServiceType } from './http/session';
import type { HttpMethod } from './http/transport';
import type { ResolvedWaiter } from './waiters/wait-for';

/**
 * What every client shares: its session and waiter settings. Members are `_`-prefixed on purpose:
 * `Trace` counts only public API methods, never these helpers.
 */
export abstract class ServiceClient {
  protected readonly _session: ServiceSession;
  protected readonly _options: ClientOptions;
  protected abstract readonly _service: ServiceType;

  constructor(session: ServiceSession, options: ClientOptions = {}) {
    this._session = session;
    this._options = options;
  }

  protected _request<T>(
    method: HttpMethod,
    path: string,
    options?: ServiceCallOptions,
  ): Promise<ServiceResponse<T>> {
    return this._session.request<T>(this._service, method, path, options);
  }

  protected _waiter(options: WaitOptions = {}): ResolvedWaiter {
    const settings = this._options.waiter ?? {};
    return {
      intervalMs: options.intervalMs ?? settings.intervalMs ?? 1000,
      timeoutMs: options.timeoutMs ?? settings.timeoutMs ?? 300_000,
      now: settings.now ?? Date.now,
      sleep: settings.sleep ?? abortableSleep,
      ...(options.signal ? { signal: options.signal } : {}),
    };
  }

  toJSON(): Record<string, unknown> {
    return { client: this.constructor.name };
  }
}
